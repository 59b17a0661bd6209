/**
 * The Dockerfile and the image `npm run image` builds without Docker are the same image: the same
 * Node version, user, working directory, paths, entrypoint and environment (spec.ts is the build's
 * side). And the layers' tar writer makes archives GNU tar reads back as written, byte-identical for
 * the same input.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { APP_DIR, entrypoint, environment, NODE_PATH, nodeVersion, ROOT, USER } from './spec.ts';
import { tar, type TarEntry } from './tar.ts';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The arguments of every instruction `name` of the runtime stage (after the last FROM). */
function runtime(name: string): string[] {
  const stage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  return [...stage.matchAll(new RegExp(`^${name} (.+)$`, 'gm'))].map((m) => m[1] ?? '');
}

describe('the Dockerfile says what scripts/image/build.ts builds', () => {
  test('the same Node version as the project’s', () => {
    assert.match(dockerfile, new RegExp(`^ARG NODE_VERSION=${nodeVersion().replaceAll('.', '\\.')}$`, 'm'));
    assert.match(dockerfile, /^FROM node:\$\{NODE_VERSION\}-bookworm-slim AS build$/m);
  });

  test('the same non-root user and working directory', () => {
    assert.deepEqual(runtime('USER'), [`${String(USER.uid)}:${String(USER.gid)}`]);
    assert.deepEqual(runtime('WORKDIR'), [USER.home]);
    assert.match(dockerfile, /^FROM gcr\.io\/distroless\/cc-debian12:nonroot$/m, 'its nonroot is 65532');
  });

  test('the same entrypoint and environment', () => {
    assert.deepEqual(
      runtime('ENTRYPOINT').map((e) => JSON.parse(e) as unknown),
      [entrypoint()],
    );
    const env = runtime('ENV').flatMap((line) => line.split(' '));
    assert.deepEqual(env, environment());
  });

  test('the same files in the same places', () => {
    const copies = runtime('COPY').map((line) => line.split(' ').at(-1));
    assert.deepEqual(copies.sort(), [
      `${APP_DIR}/bin`,
      `${APP_DIR}/dist`,
      `${APP_DIR}/package.json`,
      `${APP_DIR}/schema`,
      NODE_PATH,
    ]);
  });
});

describe('the layers’ tar writer', () => {
  const long = `opt/${'deep/'.repeat(30)}file.txt`;
  const entries: TarEntry[] = [
    { path: 'opt', type: 'dir', mode: 0o755, uid: 0, gid: 0 },
    { path: 'opt/run.sh', type: 'file', mode: 0o755, uid: 0, gid: 0, content: Buffer.from('echo hi\n') },
    { path: 'opt/link', type: 'symlink', mode: 0o777, uid: 0, gid: 0, target: 'run.sh' },
    { path: long, type: 'file', mode: 0o644, uid: 0, gid: 0, content: Buffer.from('x') },
    { path: 'tmp', type: 'dir', mode: 0o1777, uid: 65532, gid: 65532 },
  ];

  test('writes archives GNU tar lists as written: types, modes, owners, long paths', () => {
    const listed = spawnSync('tar', ['-tvf', '-', '--numeric-owner'], {
      input: tar(entries, 0),
      encoding: 'utf8',
    });
    assert.equal(listed.status, 0, listed.stderr);
    const lines = listed.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^drwxr-xr-x 0\/0 +0 1970-01-01 00:00 opt\/$/);
    assert.match(lines[1] ?? '', /^-rwxr-xr-x 0\/0 +8 .* opt\/run\.sh$/);
    assert.match(lines[2] ?? '', /^lrwxrwxrwx 0\/0 +0 .* opt\/link -> run\.sh$/);
    assert.ok(lines[3]?.endsWith(` ${long}`), lines[3]);
    assert.match(lines[4] ?? '', /^drwxrwxrwt 65532\/65532 .* tmp\/$/);
  });

  test('the same entries and time always make the same bytes', () => {
    assert.deepEqual(tar(entries, 1_700_000_000), tar(entries, 1_700_000_000));
  });
});
