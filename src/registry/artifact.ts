/**
 * The Katalog artifact (docs/oci-katalogs.md): an OCI 1.1 image manifest whose artifactType is
 * Orkestra's, the empty config, and one layer — the Katalog folder as a reproducible tar+gzip whose
 * entries sit under the folder's name, annotated the way ORAS unpacks a folder, so a standard client
 * pulls it as that folder. Pure: files in, bytes out, and back.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { sha256Digest, type Descriptor } from './client.ts';
import { RegistryError } from './errors.ts';
import { readTar, writeTar, type TarEntry } from './tar.ts';

/** The manifest's artifactType: a Katalog. */
export const KATALOG_ARTIFACT_TYPE = 'application/vnd.orkestra.katalog.v1';
/** The layer's media type: the Katalog folder as tar+gzip. */
export const KATALOG_LAYER_TYPE = 'application/vnd.orkestra.katalog.layer.v1.tar+gzip';
/** OCI's image manifest media type. */
export const OCI_MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** OCI 1.1's empty descriptor (the two bytes `{}`), the config of an artifact that needs none. */
export const EMPTY_CONFIG = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
} as const;

/** The bytes of the empty config blob. */
export const EMPTY_CONFIG_BYTES = new TextEncoder().encode('{}');

const ANNOTATION = {
  title: 'org.opencontainers.image.title',
  version: 'org.opencontainers.image.version',
  source: 'org.opencontainers.image.source',
  created: 'org.opencontainers.image.created',
  // ORAS's: unpack this layer as a folder named by the title; the digest of the uncompressed tar.
  unpack: 'io.deis.oras.content.unpack',
  tarDigest: 'io.deis.oras.content.digest',
} as const;

/** One file of a Katalog folder, its path relative to the folder. */
export interface KatalogFile {
  readonly path: string;
  readonly data: Uint8Array;
  readonly executable?: boolean;
}

/** What the manifest says about the Katalog. */
export interface ArtifactMetadata {
  readonly title: string;
  readonly version?: string;
  readonly source?: string;
  /** RFC 3339. */
  readonly created: string;
  /** The manifest this Katalog is attached to (OCI 1.1 `subject`: an app's image, a chart). */
  readonly subject?: Descriptor;
}

/** A built artifact: the blobs to upload and the manifest that ties them. */
export interface BuiltArtifact {
  readonly layer: { readonly descriptor: Descriptor; readonly bytes: Uint8Array };
  readonly manifest: Uint8Array;
  /** The manifest's annotations (a referrer's descriptor repeats them). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** The artifact of a Katalog folder's files. */
export function buildArtifact(files: readonly KatalogFile[], metadata: ArtifactMetadata): BuiltArtifact {
  const tar = writeTar(tarEntries(metadata.title, files));
  // Level 9 and no name or time in the header: the same folder always gives the same layer digest.
  const bytes = new Uint8Array(gzipSync(tar, { level: 9 }));
  const descriptor: Descriptor = {
    mediaType: KATALOG_LAYER_TYPE,
    digest: sha256Digest(bytes),
    size: bytes.byteLength,
    annotations: {
      [ANNOTATION.title]: metadata.title,
      [ANNOTATION.tarDigest]: sha256Digest(tar),
      [ANNOTATION.unpack]: 'true',
    },
  };
  const annotations: Record<string, string> = { [ANNOTATION.title]: metadata.title };
  if (metadata.version !== undefined) annotations[ANNOTATION.version] = metadata.version;
  if (metadata.source !== undefined) annotations[ANNOTATION.source] = metadata.source;
  annotations[ANNOTATION.created] = metadata.created;
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_TYPE,
    artifactType: KATALOG_ARTIFACT_TYPE,
    config: EMPTY_CONFIG,
    layers: [descriptor],
    ...(metadata.subject === undefined ? {} : { subject: subjectDescriptor(metadata.subject) }),
    annotations,
  };
  const encoded = new TextEncoder().encode(JSON.stringify(manifest));
  return { layer: { descriptor, bytes }, manifest: encoded, annotations };
}

/** A subject as a manifest names it: media type, digest and size only. */
function subjectDescriptor(subject: Descriptor): Descriptor {
  return { mediaType: subject.mediaType, digest: subject.digest, size: subject.size };
}

/** The tar entries: the title folder, then every folder and file under it, sorted by path. */
function tarEntries(title: string, files: readonly KatalogFile[]): TarEntry[] {
  const dirs = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const entries: TarEntry[] = [
    ...[...dirs].map((path): TarEntry => ({ type: 'dir', path: `${title}/${path}` })),
    ...files.map((f): TarEntry => ({
      type: 'file',
      path: `${title}/${f.path}`,
      data: f.data,
      executable: f.executable === true,
    })),
  ];
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return [{ type: 'dir', path: title }, ...entries];
}

interface ImageManifest {
  mediaType?: string;
  artifactType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  annotations?: Record<string, string>;
}

/** The manifest's one layer and its title; refuses an index or a manifest of several layers. */
export function katalogLayer(
  manifestBytes: Uint8Array,
  ref: string,
): { layer: Descriptor; title: string | undefined } {
  let manifest: ImageManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ImageManifest;
  } catch (error) {
    throw new RegistryError('invalid', `${ref}: the manifest is not JSON`, { cause: error });
  }
  const layers = manifest.layers;
  if (!Array.isArray(layers))
    throw new RegistryError('invalid', `${ref}: not an image manifest (an index or another kind): no layers`);
  const layer = layers[0];
  if (layers.length !== 1 || layer === undefined) {
    throw new RegistryError(
      'invalid',
      `${ref}: a Katalog artifact has one layer, this one has ${String(layers.length)}`,
    );
  }
  const title = layer.annotations?.[ANNOTATION.title] ?? manifest.annotations?.[ANNOTATION.title];
  return { layer, title };
}

/** A pulled layer: its descriptor, bytes and title, and the reference for messages. */
export interface PulledLayer {
  readonly layer: Descriptor;
  readonly bytes: Uint8Array;
  readonly title: string | undefined;
  readonly ref: string;
}

/**
 * The files of a pulled layer: an archive (our layer media type, or ORAS's unpack annotation)
 * is extracted, without the top folder named by its title; any other layer is one file
 * named by its title.
 */
export function layerFiles(pulled: PulledLayer): KatalogFile[] {
  if (!isArchive(pulled.layer)) return [singleFile(pulled)];
  const { bytes, title } = pulled;
  const tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  const entries = readTar(tar);
  const prefix = title !== undefined && entries.every((e) => within(e.path, title)) ? `${title}/` : '';
  return entries.flatMap((entry): KatalogFile[] => {
    const path = entry.path.slice(prefix.length);
    if (entry.type !== 'file' || path === '') return [];
    return [{ path, data: entry.data, executable: entry.executable === true }];
  });
}

function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

function singleFile({ title, bytes, ref }: PulledLayer): KatalogFile {
  const name = title?.split('/').pop() ?? '';
  if (name === '' || name === '.' || name === '..') {
    throw new RegistryError(
      'invalid',
      `${ref}: the layer is a single file without a title annotation to name it`,
    );
  }
  return { path: name, data: bytes };
}

/** ORAS's rule: a layer is a folder to unpack when annotated so (ours always are), else one file. */
function isArchive(layer: Descriptor): boolean {
  return layer.annotations?.[ANNOTATION.unpack] === 'true' || layer.mediaType === KATALOG_LAYER_TYPE;
}
