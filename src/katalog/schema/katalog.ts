/** The Katalog file: metadata, CRD entries, notes, providers and security. */
import { z } from 'zod';
import { Conversion, Mutation, Normalize, Validation } from './admission.ts';
import { Limits } from './limits.ts';
import { OperatorBox, tuningShape } from './operator-box.ts';
import { apiGroup, apiVersionName, kindName, labelMap, namespaceName, pluralName } from './kube-names.ts';
import { positiveDuration, template } from './primitives.ts';
import { EMPTY, notYet } from './support.ts';

/** The Katalog apiVersion. */
export const KATALOG_API_VERSION = 'orkestra.orkspace.io/v1';

/** How a CRD is identified. */
export const ApiTypes = z
  .strictObject({
    group: apiGroup.describe('API group, e.g. demo.orkestra.io.'),
    version: apiVersionName.describe('Served version, e.g. v1alpha1.'),
    kind: kindName.describe('Kind, e.g. Website.'),
    plural: pluralName.optional().describe('Plural resource name. Default: the lowercase kind, pluralised.'),
    scope: z.enum(['Namespaced', 'Cluster']).default('Namespaced').describe('Scope of the CRs.'),
  })
  .meta({ id: 'ApiTypes' });

/** One CRD entry: one operator. */
export const CrdEntry = z
  .strictObject({
    enabled: z.boolean().default(true).describe('false: the CRD is not watched.'),
    description: z.string().optional().describe('Shown on /katalog. Default: none.'),
    apiTypes: ApiTypes.optional().describe(
      'The CRD’s group, version, kind and plural; required unless crdFile. Default: read from crdFile.',
    ),
    crdFile: z
      .string()
      .optional()
      .describe(
        'Path (relative to the Katalog) of the CRD manifest; apiTypes are read from it. Default: none.',
      ),
    crFiles: z.array(z.string()).default([]).describe('Dev mode: CRs applied after the CRD is established.'),
    ...tuningShape,
    namespaces: z.array(namespaceName).optional().describe('Namespaces to watch. Default: all.'),
    labelSelector: labelMap.optional().describe('Only CRs with these labels are managed. Default: all CRs.'),
    dependsOn: z
      .array(z.string())
      .default([])
      .describe('CRD keys whose boxes start (caches synced) before this one; their health shows on it.'),
    normalize: Normalize.optional().describe('Canonicalise fields before anything else. Default: none.'),
    mutation: Mutation.optional().describe('Defaults and overrides. Default: none.'),
    validation: Validation.optional().describe('Rules that deny or warn. Default: none.'),
    conversion: Conversion.optional().describe(
      'Version conversion paths, served by the conversion webhook. Default: none.',
    ),
    operatorBox: OperatorBox.prefault({}).describe('What the operator does.'),
  })
  .meta({ id: 'CrdEntry' });

/** A user-defined template function. */
export const Note = z
  .strictObject({
    expression: template.describe('The template the function renders; called by bare name.'),
    description: z.string().optional().describe('What it computes. Default: none.'),
  })
  .meta({ id: 'Note' });

/** A provider required by the Katalog. */
export const ProviderRequirement = z
  .strictObject({
    name: z.string().describe('Provider name, e.g. aws or mongodb.'),
    required: z.boolean().default(false).describe('Missing credentials stop start-up.'),
    auth: z
      .record(z.string(), z.string())
      .default({})
      .describe('Credentials; `$NAME` reads an environment variable.'),
  })
  .meta({ id: 'ProviderRequirement' });

/** Protections, webhooks and certificates. */
export const Security = z
  .strictObject({
    deletionProtection: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Reject DELETE of the Katalog CRDs, of objects labelled orkestra.orkspace.io/deletion-protection: ' +
              '"true" (not webhook configurations: the API server never asks about those) and, in a pod, of ' +
              'the runtime Service and the Deployment and Ingress of its name.',
          ),
        cleanupOnShutdown: z
          .boolean()
          .default(false)
          .describe('Remove every webhook configuration of the runtime on a clean stop.'),
      })
      .prefault({})
      .describe('Reject DELETE of protected CRDs, the runtime itself and labelled objects.'),
    namespaceProtection: z
      .strictObject({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            'Reject CRs in the restricted namespaces at apply time; one stored there anyway is not ' +
              'reconciled, and no child is ever written there (Ready=False RestrictedNamespace).',
          ),
        restrictedNamespaces: z
          .array(z.string())
          .default([])
          .describe('Namespaces where CRs are rejected and children never created.'),
      })
      .prefault({})
      .describe('Keep CRs and children out of restricted namespaces.'),
    webhooks: z
      .strictObject({
        admission: z
          .strictObject({
            enabled: z
              .boolean()
              .default(false)
              .describe('Turn this on (also ENABLE_ADMISSION_WEBHOOK=true).'),
            failurePolicy: z
              .enum(['Fail', 'Ignore'])
              .default('Fail')
              .describe('When the webhook cannot be reached: Fail rejects the request, Ignore admits it.'),
          })
          .prefault({})
          .describe('Run mutation and validation inside kubectl apply.'),
        conversion: z
          .strictObject({ enabled: z.boolean().default(false).describe('Turn this on.') })
          .prefault({})
          .describe('Serve /convert for the CRDs that declare conversion paths.'),
      })
      .prefault({})
      .describe('Admission and conversion webhooks.'),
    certificates: z
      .strictObject({
        validFor: positiveDuration.default('1y').describe('Validity of the serving certificate.'),
        rotateBefore: positiveDuration.default('30d').describe('Rotate this long before expiry.'),
      })
      .prefault({})
      .describe('The shared self-managed CA and serving certificate.'),
  })
  .meta({ id: 'Security' });

/** A Katalog: a set of operators, one entry per CRD. */
export const Katalog = z
  .strictObject({
    apiVersion: z.literal(KATALOG_API_VERSION).describe('Always orkestra.orkspace.io/v1.'),
    kind: z.literal('Katalog').describe('Always Katalog.'),
    metadata: z
      .strictObject({
        name: z
          .string()
          .max(63)
          .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
            error: 'must be a lowercase RFC-1123 name (a-z, 0-9 and -)',
          })
          .describe('Name of the Katalog (label orkestra.orkspace.io/katalog on every child).'),
        namespace: z.string().optional().describe('Logical tenant, for grouping. Default: none.'),
        description: z.string().optional().describe('What these operators do. Default: none.'),
        version: z.string().optional().describe('Version of the Katalog (semver). Default: none.'),
      })
      .describe('Identity of the Katalog.'),
    spec: z
      .strictObject({
        crds: z.record(z.string(), CrdEntry).describe('One entry per CRD; key = lowercase RFC-1123 name.'),
        limits: Limits.prefault({}).describe(
          'Limits of these operators (template budgets, children per CR).',
        ),
      })
      .describe('The operators.'),
    notes: z.record(z.string(), Note).default({}).describe('User-defined template functions.'),
    providers: notYet(z.array(ProviderRequirement).default([]).describe('Providers operatorBoxes may use.'), {
      feature: 'providers, spec §13',
      honours: EMPTY,
    }),
    security: Security.optional().describe('Protections and webhooks. Default: all off.'),
  })
  .meta({
    id: 'Katalog',
    title: 'Orkestra Katalog',
    description: 'A set of declarative Kubernetes operators, one per CRD.',
  });

/** A parsed Katalog, defaults applied. */
export type Katalog = z.output<typeof Katalog>;
/** A parsed CRD entry. */
export type CrdEntry = z.output<typeof CrdEntry>;
/** A parsed operatorBox. */
export type OperatorBox = z.output<typeof OperatorBox>;
