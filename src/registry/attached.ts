/**
 * `ork push --attach SUBJECT` and `ork discover SUBJECT`: a Katalog attached to the manifest it
 * operates (an app's image or chart, in the same repository, as OCI referrers are per repository),
 * and the Katalogs attached to a subject, found through referrers.ts (the API, else the tag schema).
 */
import { KATALOG_ARTIFACT_TYPE, OCI_MANIFEST_TYPE } from './artifact.ts';
import { RegistryClient, type ClientOptions, type Descriptor } from './client.ts';
import { RegistryError } from './errors.ts';
import { formatReference, manifestSelector, parseReference, type Reference } from './reference.ts';
import { addToFallbackIndex, listReferrers } from './referrers.ts';

/** The descriptor of the subject `attach` names, which must live in `ref`'s repository. */
export async function subjectOf(ref: Reference, attach: string, client: RegistryClient): Promise<Descriptor> {
  const subject = parseReference(attach);
  if (subject.registry !== ref.registry || subject.repository !== ref.repository) {
    throw new RegistryError(
      'invalid',
      `--attach ${attach}: the subject must be in the repository the Katalog is pushed to (${ref.registry}/${ref.repository}); referrers do not cross repositories`,
    );
  }
  return client.headManifest(manifestSelector(subject));
}

/** After the manifest is stored: the tag schema's index updated when the registry did not index the subject. */
export async function recordReferrer(
  client: RegistryClient,
  subject: Descriptor,
  stored: {
    readonly digest: string;
    readonly size: number;
    readonly subjectIndexed: boolean;
    readonly annotations: Readonly<Record<string, string>>;
  },
): Promise<void> {
  if (stored.subjectIndexed) return;
  await addToFallbackIndex(client, subject.digest, {
    mediaType: OCI_MANIFEST_TYPE,
    digest: stored.digest,
    size: stored.size,
    artifactType: KATALOG_ARTIFACT_TYPE,
    annotations: stored.annotations,
  });
}

/** A Katalog attached to a subject: its pinned reference and its annotations. */
export interface AttachedKatalog {
  readonly pinned: string;
  readonly digest: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The Katalogs attached to `ref`'s manifest, and how the registry was asked. */
export async function discoverKatalogs(
  ref: string,
  options: ClientOptions,
): Promise<{
  readonly subject: string;
  readonly katalogs: readonly AttachedKatalog[];
  readonly via: 'api' | 'tag';
}> {
  const parsed = parseReference(ref);
  const client = new RegistryClient(parsed, options, 'pull');
  const subject = await client.headManifest(manifestSelector(parsed));
  const { referrers, via } = await listReferrers(client, subject.digest, KATALOG_ARTIFACT_TYPE);
  const katalogs = referrers.map((d) => ({
    pinned: formatReference({ registry: parsed.registry, repository: parsed.repository, digest: d.digest }),
    digest: d.digest,
    annotations: d.annotations ?? {},
  }));
  return { subject: subject.digest, katalogs, via };
}
