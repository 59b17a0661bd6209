/**
 * `ork push` and `ork pull`: a Katalog file or folder to an OCI registry and back. A push uploads the
 * empty config and the layer (skipping blobs the registry has), then the manifest under the tag; a
 * pull reads the manifest (digest checked), then the layer (digest and size checked), and writes the
 * files only when everything arrived intact.
 */
import { basename } from 'node:path';
import {
  buildArtifact,
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  katalogLayer,
  layerFiles,
  OCI_MANIFEST_TYPE,
} from './artifact.ts';
import { recordReferrer, subjectOf } from './attached.ts';
import { RegistryClient, type ClientOptions } from './client.ts';
import { RegistryError } from './errors.ts';
import { checkTarget, readKatalogPath, writeKatalogFolder } from './katalog-files.ts';
import { formatReference, manifestSelector, parseReference } from './reference.ts';

/** What to push. */
export interface PushRequest {
  readonly path: string;
  readonly ref: string;
  /** The `source` annotation (a repository URL), when known. */
  readonly source?: string;
  /** The `created` annotation (RFC 3339). */
  readonly created: string;
  /** A reference to the manifest the Katalog is attached to (its `subject`), in the same repository. */
  readonly attach?: string;
}

/** A finished push: the manifest's digest and the reference pinned to it. */
export interface PushResult {
  readonly digest: string;
  readonly pinned: string;
  readonly layerSize: number;
}

/** Pushes a Katalog file or folder as an artifact. */
export async function pushKatalog(request: PushRequest, options: ClientOptions): Promise<PushResult> {
  const ref = parseReference(request.ref);
  const { title, files } = await readKatalogPath(request.path);
  const client = new RegistryClient(ref, options, 'pull,push');
  const subject = request.attach === undefined ? undefined : await subjectOf(ref, request.attach, client);
  const artifact = buildArtifact(files, {
    title,
    ...(ref.tag === undefined ? {} : { version: ref.tag }),
    ...(request.source === undefined ? {} : { source: request.source }),
    created: request.created,
    ...(subject === undefined ? {} : { subject }),
  });
  await client.pushBlob(EMPTY_CONFIG.digest, EMPTY_CONFIG_BYTES);
  await client.pushBlob(artifact.layer.descriptor.digest, artifact.layer.bytes);
  const stored = await client.putManifest(
    ref.tag ?? manifestSelector(ref),
    OCI_MANIFEST_TYPE,
    artifact.manifest,
  );
  const { digest } = stored;
  if (subject !== undefined) {
    const size = artifact.manifest.byteLength;
    await recordReferrer(client, subject, { ...stored, size, annotations: artifact.annotations });
  }
  const pinned = formatReference({ registry: ref.registry, repository: ref.repository, digest });
  return { digest, pinned, layerSize: artifact.layer.bytes.byteLength };
}

/** What to pull, and where (default: a folder named by the artifact's title, else the repository's last part). */
export interface PullRequest {
  readonly ref: string;
  readonly outDir?: string;
}

/** A finished pull. */
export interface PullResult {
  readonly digest: string;
  readonly dir: string;
  readonly files: readonly string[];
}

/** Pulls a Katalog artifact into a folder. */
export async function pullKatalog(request: PullRequest, options: ClientOptions): Promise<PullResult> {
  const ref = parseReference(request.ref);
  const name = formatReference(ref);
  if (request.outDir !== undefined) await checkTarget(request.outDir, name);
  const client = new RegistryClient(ref, options, 'pull');
  const manifest = await client.getManifest(manifestSelector(ref));
  const { layer, title } = katalogLayer(manifest.bytes, name);
  const bytes = await client.getBlob(layer);
  const files = layerFiles({ layer, bytes, title, ref: name });
  const dir = request.outDir ?? basename(title ?? ref.repository);
  await writeKatalogFolder(dir, files, name);
  return { digest: manifest.digest, dir, files: files.map((f) => f.path) };
}

/** The manifest digest `ref` names now (a tag resolved; a pinned digest checked to exist). */
export async function resolveKatalog(ref: string, options: ClientOptions): Promise<string> {
  const parsed = parseReference(ref);
  const client = new RegistryClient(parsed, options, 'pull');
  const digest = await client.resolveDigest(manifestSelector(parsed));
  if (parsed.digest !== undefined && digest !== parsed.digest) {
    throw new RegistryError(
      'digest-mismatch',
      `${formatReference(parsed)}: manifest digest mismatch: expected ${parsed.digest}, got ${digest}`,
    );
  }
  return digest;
}
