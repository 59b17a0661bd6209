/**
 * The image's shape, in one place: what scripts/image/build.ts writes into the OCI config and what
 * the Dockerfile must say too (spec.test.ts compares them). The Node version is the project's own
 * (scripts/node-env.sh); the node flags and environment are those bin/ork.js's #! line sets, since
 * an image has no /usr/bin/env to run that line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** The non-root user and group every container of the image runs as (distroless' `nonroot`). */
export const USER = { uid: 65532, gid: 65532, name: 'nonroot', home: '/home/nonroot' } as const;

/** Where Orkestra's files live in the image. */
export const APP_DIR = '/opt/orkestra';

/** Where the Node binary lives in the image (as in the official node images). */
export const NODE_PATH = '/usr/local/bin/node';

/**
 * The Debian packages of the base layer: the shared libraries the Node binary links (`ldd`: libc,
 * libm, libdl, libpthread, libstdc++, libgcc_s). No CA bundle (Node carries its own) and no tzdata
 * (Node's ICU has the time zones).
 */
export const DEB_PACKAGES = ['libc6', 'libgcc-s1', 'libstdc++6'] as const;

/** Paths of those packages Node never uses, left out of the base layer (their licences stay). */
export const PRUNED = [
  /^usr\/lib\/x86_64-linux-gnu\/gconv(\/|$)/, // iconv modules: Node decodes with ICU
  /^usr\/share\/(gcc|gdb|lintian|man|info)(\/|$)/,
  /^usr\/share\/doc\/[^/]+\/(?!copyright$)[^/]+$/, // changelogs; each package's copyright is kept
];

/** The Node.js version of the project (scripts/node-env.sh's default). */
export function nodeVersion(): string {
  const text = readFileSync(join(ROOT, 'scripts', 'node-env.sh'), 'utf8');
  const version = /ORK_NODE_VERSION:-([0-9.]+)\}/.exec(text)?.[1];
  if (version === undefined) throw new Error('scripts/node-env.sh names no ORK_NODE_VERSION default');
  return version;
}

/** The node flags and environment of bin/ork.js's #! line. */
export function launcher(): { flags: string[]; env: string[] } {
  const shebang = readFileSync(join(ROOT, 'bin', 'ork.js'), 'utf8').split('\n', 1)[0] ?? '';
  const words = shebang.replace(/^#!\/usr\/bin\/env -S /, '').split(/\s+/);
  const node = words.indexOf('node');
  return { env: words.slice(0, node), flags: words.slice(node + 1) };
}

/** The container's entrypoint: `ork` is Node running bin/ork.js with the launcher's flags. */
export function entrypoint(): string[] {
  return [NODE_PATH, ...launcher().flags, `${APP_DIR}/bin/ork.js`];
}

/** The container's environment. */
export function environment(): string[] {
  return ['PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin', ...launcher().env];
}
