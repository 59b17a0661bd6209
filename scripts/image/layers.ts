/**
 * The image's three layers as tar entries: (a) a minimal base unpacked from Debian packages, with
 * the non-root user and /tmp; (b) the Node binary; (c) Orkestra — bin/, dist/ (no source maps),
 * schema/, package.json. Files are owned by root whatever their owner on disk; modes are kept.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_DIR, DEB_PACKAGES, NODE_PATH, PRUNED, ROOT, USER } from './spec.ts';
import type { TarEntry } from './tar.ts';

/** Runs a command, failing with its output. */
export function exec(command: string, args: readonly string[], cwd = ROOT): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}):\n${result.stderr}`);
  return result.stdout;
}

const dir = (path: string, mode = 0o755): TarEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0 });
const file = (path: string, content: Buffer, mode = 0o644): TarEntry => ({
  path,
  type: 'file',
  mode,
  uid: 0,
  gid: 0,
  content,
});

/** Every folder above `path` (`a`, `a/b` for `a/b/c`), as directory entries. */
function parents(path: string): TarEntry[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => dir(parts.slice(0, i + 1).join('/')));
}

/** Entries of everything under `from`, placed under `to` in the image, sorted, root-owned. */
function walk(from: string, to: string, keep: (path: string) => boolean): TarEntry[] {
  const entries: TarEntry[] = [];
  for (const name of readdirSync(from).sort()) {
    const path = to === '' ? name : `${to}/${name}`;
    if (!keep(path)) continue;
    const source = join(from, name);
    const stat = lstatSync(source);
    if (stat.isDirectory()) entries.push(dir(path, stat.mode), ...walk(source, path, keep));
    else if (stat.isSymbolicLink())
      entries.push({ path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, target: readlinkSync(source) });
    else if (stat.isFile()) entries.push(file(path, readFileSync(source), stat.mode));
  }
  return entries;
}

/** The .deb of each base package, from `cache` or fetched into it with `apt-get download`. */
export function debs(cache: string): string[] {
  mkdirSync(cache, { recursive: true });
  return DEB_PACKAGES.map((name) => {
    const cached = (): string | undefined =>
      readdirSync(cache)
        .sort()
        .find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
    if (cached() === undefined) exec('apt-get', ['download', name], cache);
    const found = cached();
    if (found === undefined) throw new Error(`apt-get download ${name} left no .deb in ${cache}`);
    return join(cache, found);
  });
}

const PASSWD = `root:x:0:0:root:/root:/sbin/nologin\n${USER.name}:x:${String(USER.uid)}:${String(USER.gid)}:${USER.name}:${USER.home}:/sbin/nologin\n`;
const GROUP = `root:x:0:\n${USER.name}:x:${String(USER.gid)}:\n`;

/** Layer (a): the packages unpacked (dpkg-deb -x), pruned, plus the users, /tmp and the home. */
export function baseLayer(debFiles: readonly string[]): TarEntry[] {
  const staging = mkdtempSync(join(tmpdir(), 'ork-image-base-'));
  try {
    for (const deb of debFiles) exec('dpkg-deb', ['-x', deb, staging]);
    const home = USER.home.slice(1);
    const extra: TarEntry[] = [
      dir('etc'),
      file('etc/group', Buffer.from(GROUP)),
      file('etc/passwd', Buffer.from(PASSWD)),
      dir('home'),
      { ...dir(home, 0o750), uid: USER.uid, gid: USER.gid },
      dir('root', 0o700),
      dir('tmp', 0o1777),
    ];
    const unpacked = walk(staging, '', (path) => !PRUNED.some((re) => re.test(path)));
    return unique([...unpacked, ...extra]);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Entries sorted by path, the later of two with the same path kept (a directory both add). */
function unique(entries: readonly TarEntry[]): TarEntry[] {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Layer (b): the Node binary. */
export function nodeLayer(binary: string): TarEntry[] {
  const path = NODE_PATH.slice(1);
  return [...parents(path), file(path, readFileSync(binary), 0o755)];
}

/** Layer (c): Orkestra's launcher, bundle, schema and manifest; modes normalised as git keeps them. */
export function appLayer(): TarEntry[] {
  const app = APP_DIR.slice(1);
  if (!existsSync(join(ROOT, 'dist', 'ork.js'))) throw new Error('dist/ is not built: run `npm run build`');
  const normal = (e: TarEntry): TarEntry =>
    e.type === 'file' ? { ...e, mode: e.mode & 0o111 ? 0o755 : 0o644 } : e;
  const tree = (name: string, keep: (path: string) => boolean = () => true): TarEntry[] => [
    dir(`${app}/${name}`),
    ...walk(join(ROOT, name), `${app}/${name}`, keep).map(normal),
  ];
  return [
    ...parents(`${app}/x`),
    ...tree('bin'),
    ...tree('dist', (path) => !path.endsWith('.map')),
    file(`${app}/package.json`, readFileSync(join(ROOT, 'package.json'))),
    ...tree('schema'),
  ];
}
