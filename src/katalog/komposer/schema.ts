/** The Komposer file (spec §12): Katalogs from files, OCI registries, git and Helm, with local overrides. */
import { z } from 'zod';
import { KATALOG_API_VERSION } from '../schema/katalog.ts';

const name = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'must be a lowercase RFC-1123 name (a-z, 0-9 and -)' });

/** A Katalog stored as an OCI artifact (`ork push`). */
export const RegistrySource = z
  .strictObject({
    url: z.string().min(1).describe('The reference: registry/repository:tag or @sha256:… (oci:// accepted).'),
    oci: z.literal(true).default(true).describe('Always true: the artifact is an OCI artifact.'),
  })
  .describe('A Katalog pulled from an OCI registry.');

/** A Katalog file in a git repository. */
export const GitSource = z
  .strictObject({
    url: z.string().min(1).describe('The repository, as `git clone` takes it.'),
    ref: z.string().min(1).describe('A tag, a branch or a commit.'),
    path: z
      .string()
      .min(1)
      .describe('The Katalog file in the repository, or a folder holding its katalog.yaml.'),
  })
  .describe('A Katalog read from a git repository at a ref.');

/** A Helm chart whose rendered documents of `kind: Katalog` are Katalogs. */
export const HelmSource = z
  .strictObject({
    repo: z.string().min(1).describe('The chart repository (the folder of its index.yaml).'),
    chart: z.string().min(1).describe('The chart name in the index.'),
    version: z.string().min(1).describe('The chart version, exactly as the index lists it.'),
    values: z
      .record(z.string(), z.unknown())
      .default({})
      .describe('Deep-merged over the chart’s values.yaml.'),
  })
  .describe('A Helm chart rendered by Orkestra’s own template engine.');

/** A Komposer. */
export const Komposer = z
  .strictObject({
    apiVersion: z.literal(KATALOG_API_VERSION).describe('Always orkestra.orkspace.io/v1.'),
    kind: z.literal('Komposer').describe('Always Komposer.'),
    metadata: z
      .strictObject({
        name: name.describe('Name of the composed Katalog (and the Helm release name).'),
        namespace: z.string().optional().describe('Helm’s .Release.Namespace. Default: default.'),
        description: z.string().optional().describe('What the platform is. Default: none.'),
        version: z.string().optional().describe('Version of the composition. Default: none.'),
      })
      .describe('Identity of the composition.'),
    sources: z
      .strictObject({
        files: z.array(z.string().min(1)).default([]).describe('Katalog files, relative to the Komposer.'),
        registry: z.array(RegistrySource).default([]),
        git: z.array(GitSource).default([]),
        helm: z.array(HelmSource).default([]),
      })
      .describe('Where the Katalogs come from.'),
    spec: z
      .strictObject({
        crds: z
          .record(z.string(), z.record(z.string(), z.unknown()))
          .default({})
          .describe(
            'Partial CRD entries deep-merged over the sources’ (maps merge; lists and scalars replace).',
          ),
      })
      .prefault({})
      .describe('Local overrides.'),
  })
  .describe('A composition of Katalogs.');

/** A parsed Komposer, defaults applied. */
export type Komposer = z.infer<typeof Komposer>;
/** One registry source. */
export type RegistrySource = z.infer<typeof RegistrySource>;
/** One git source. */
export type GitSource = z.infer<typeof GitSource>;
/** One Helm source. */
export type HelmSource = z.infer<typeof HelmSource>;
