/**
 * Katalogs attached to a subject (OCI 1.1 referrers): an app's image or chart carries the Katalog
 * that operates it. A registry with the referrers API indexes a pushed manifest's `subject` itself
 * (and says so with `OCI-Subject`); for one without it, the pusher keeps the referrers tag schema's
 * index up to date — an image index tagged `<alg>-<hex>` of the subject's digest, listing its
 * referrers — and a reader falls back to that tag when `GET /v2/<name>/referrers/<digest>` answers
 * 404 or 405. Either way ORAS and other OCI 1.1 clients see the same referrers.
 */
import type { Descriptor, RegistryClient } from './client.ts';
import { RegistryError } from './errors.ts';

const INDEX_TYPE = 'application/vnd.oci.image.index.v1+json';

interface Index {
  readonly schemaVersion?: number;
  readonly mediaType?: string;
  readonly manifests?: readonly Descriptor[];
}

/** The referrers tag schema's tag for a subject digest: `sha256:ab…` → `sha256-ab…`. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

function parseIndex(bytes: Uint8Array, what: string): Index {
  try {
    const index = JSON.parse(new TextDecoder().decode(bytes)) as Index;
    if (index.manifests !== undefined && !Array.isArray(index.manifests)) throw new Error('manifests');
    return index;
  } catch {
    throw new RegistryError('protocol', `${what} is not an image index`);
  }
}

/** The referrers of `subject` of the given artifact type: the referrers API, else the tag schema. */
export async function listReferrers(
  client: RegistryClient,
  subject: string,
  artifactType: string,
): Promise<{ readonly referrers: readonly Descriptor[]; readonly via: 'api' | 'tag' }> {
  const fromApi = await client.getReferrers(subject, artifactType);
  if (fromApi !== undefined) {
    const index = parseIndex(fromApi, `the referrers of ${subject}`);
    // A registry may ignore the filter (it says so with OCI-Filters-Applied); filter again.
    const referrers = (index.manifests ?? []).filter((d) => d.artifactType === artifactType);
    return { referrers, via: 'api' };
  }
  const index = await fallbackIndex(client, subject);
  return { referrers: (index.manifests ?? []).filter((d) => d.artifactType === artifactType), via: 'tag' };
}

/** The tag schema's index of `subject`, empty when the tag does not exist yet. */
async function fallbackIndex(client: RegistryClient, subject: string): Promise<Index> {
  try {
    const manifest = await client.getManifest(referrersTag(subject));
    return parseIndex(manifest.bytes, `the referrers tag ${referrersTag(subject)}`);
  } catch (error) {
    if (error instanceof RegistryError && error.kind === 'not-found') return { manifests: [] };
    throw error;
  }
}

/**
 * Adds `referrer` to the tag schema's index of `subject` (for a registry without the referrers API).
 * Read, add, write back: two pushers racing on one subject may lose an entry, as with every client
 * of the tag schema (it has no compare-and-swap).
 */
export async function addToFallbackIndex(
  client: RegistryClient,
  subject: string,
  referrer: Descriptor,
): Promise<void> {
  const index = await fallbackIndex(client, subject);
  const manifests = (index.manifests ?? []).filter((d) => d.digest !== referrer.digest);
  const updated = { schemaVersion: 2, mediaType: INDEX_TYPE, manifests: [...manifests, referrer] };
  await client.putManifest(
    referrersTag(subject),
    INDEX_TYPE,
    new TextEncoder().encode(JSON.stringify(updated)),
  );
}
