/**
 * Writes an OCI image layout (image-spec v1.1: `oci-layout`, `index.json`, `blobs/sha256/`): each
 * layer a gzipped tar, the image config, the manifest, and an index naming the manifest by tag.
 * Compressed layers are kept in a cache by the digest of their tar, so an unchanged layer (the
 * 120 MB Node binary) is not compressed again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** A content descriptor (image-spec descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

/** A layer once written: its descriptor, the digest of its uncompressed tar, and that tar's size. */
export interface WrittenLayer {
  descriptor: Descriptor;
  diffId: string;
  tarSize: number;
  comment: string;
}

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** An OCI layout being written into `dir` (emptied first). */
export class OciLayout {
  readonly dir: string;
  readonly layerCache: string;
  readonly #blobs: string;

  constructor(dir: string, layerCache: string) {
    this.dir = dir;
    this.layerCache = layerCache;
    rmSync(dir, { recursive: true, force: true });
    this.#blobs = join(dir, 'blobs', 'sha256');
    mkdirSync(this.#blobs, { recursive: true });
    mkdirSync(layerCache, { recursive: true });
  }

  /** Stores `data` as a blob; resolves to its descriptor. */
  blob(mediaType: string, data: Buffer): Descriptor {
    const digest = sha256(data);
    writeFileSync(join(this.#blobs, digest.slice('sha256:'.length)), data);
    return { mediaType, digest, size: data.length };
  }

  /** Compresses `tarball` (or takes it from the cache) and stores it as a layer. */
  layer(tarball: Buffer, comment: string): WrittenLayer {
    const diffId = sha256(tarball);
    const cached = join(this.layerCache, `${diffId.slice('sha256:'.length)}.tar.gz`);
    if (!existsSync(cached)) {
      writeFileSync(`${cached}.partial`, gzipSync(tarball, { level: 9 }));
      renameSync(`${cached}.partial`, cached);
    }
    const descriptor = this.blob(MEDIA.layer, readFileSync(cached));
    return { descriptor, diffId, tarSize: tarball.length, comment };
  }

  /** Writes the config, the manifest and the index; resolves to the manifest's descriptor. */
  finish(
    config: Record<string, unknown>,
    layers: readonly WrittenLayer[],
    annotations: Record<string, string>,
  ): Descriptor {
    const configDescriptor = this.blob(MEDIA.config, json(config));
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: configDescriptor,
      layers: layers.map((l) => l.descriptor),
      annotations,
    };
    const descriptor = this.blob(MEDIA.manifest, json(manifest));
    const platform = { architecture: String(config['architecture']), os: String(config['os']) };
    const ref = annotations['org.opencontainers.image.version'] ?? 'latest';
    const entry = { ...descriptor, annotations: { 'org.opencontainers.image.ref.name': ref }, platform };
    const index = { schemaVersion: 2, mediaType: MEDIA.index, manifests: [entry] };
    writeFileSync(join(this.dir, 'index.json'), json(index));
    writeFileSync(join(this.dir, 'oci-layout'), json({ imageLayoutVersion: '1.0.0' }));
    return descriptor;
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
