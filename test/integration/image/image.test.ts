/**
 * The image built without Docker (issue 20): scripts/image/build.ts writes an OCI image layout; its
 * layers, unpacked in order into a root filesystem as the OCI spec says (no whiteouts to apply),
 * run `ork version`, `ork --version` and `ork validate` of an example inside it, with the config's entrypoint,
 * environment, working directory and user (`unshare --root --wd --setuid --setgid`: a chroot, which
 * needs root — CI runs as root, on the same machine image). No cluster needed. The .debs and the
 * compressed layers are cached under .cache/image, so a warm run takes seconds, a cold one minutes.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { buildImage, type BuiltImage } from '../../../scripts/image/build.ts';
import { ensureBuilt, ROOT } from '../../e2e/ork-process.ts';

interface ImageConfig {
  architecture: string;
  os: string;
  config: {
    User: string;
    Entrypoint: string[];
    Env: string[];
    WorkingDir: string;
    Labels: Record<string, string>;
  };
  rootfs: { diff_ids: string[] };
}

interface Manifest {
  config: { digest: string };
  layers: { digest: string; mediaType: string }[];
}

let work = '';
let image: BuiltImage;
let rootfs = '';

const blob = (digest: string): Buffer =>
  readFileSync(join(image.dir, 'blobs', 'sha256', digest.replace('sha256:', '')));
const jsonBlob = (digest: string): unknown => JSON.parse(blob(digest).toString('utf8'));

function manifest(): Manifest {
  const index = JSON.parse(readFileSync(join(image.dir, 'index.json'), 'utf8')) as {
    manifests: { digest: string }[];
  };
  return jsonBlob(index.manifests[0]?.digest ?? '') as Manifest;
}

const config = (): ImageConfig => jsonBlob(manifest().config.digest) as ImageConfig;

before(() => {
  assert.equal(process.getuid?.(), 0, 'this test unpacks and chroots into a root filesystem: it needs root');
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'ork-image-'));
  image = buildImage(join(work, 'oci'));
  rootfs = join(work, 'rootfs');
  mkdirSync(rootfs);
  for (const layer of manifest().layers) {
    const untar = spawnSync('tar', [
      '--numeric-owner',
      '-xpzf',
      join(image.dir, 'blobs', 'sha256', layer.digest.slice(7)),
      '-C',
      rootfs,
    ]);
    assert.equal(untar.status, 0, untar.stderr.toString());
  }
});
after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the image's entrypoint with `args` in the unpacked root filesystem, as the config says. */
function runInImage(
  args: readonly string[],
  entrypoint = config().config.Entrypoint,
): { code: number | null; out: string } {
  const { User, Env, WorkingDir } = config().config;
  const [uid = '', gid = ''] = User.split(':');
  const result = spawnSync(
    'unshare',
    ['--root', rootfs, '--wd', WorkingDir, '--setuid', uid, '--setgid', gid, '--', ...entrypoint, ...args],
    {
      env: Object.fromEntries(Env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
      encoding: 'utf8',
    },
  );
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('the image built without Docker', () => {
  test('is an OCI image layout whose config runs ork as a non-root user', (t) => {
    const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
    t.diagnostic(`image size: ${mb(image.compressedSize)} compressed, ${mb(image.unpackedSize)} unpacked`);
    assert.deepEqual(JSON.parse(readFileSync(join(image.dir, 'oci-layout'), 'utf8')) as unknown, {
      imageLayoutVersion: '1.0.0',
    });
    const { config: c, architecture, os } = config();
    assert.equal(`${os}/${architecture}`, 'linux/amd64');
    assert.equal(c.User, '65532:65532');
    assert.notEqual(c.User.split(':')[0], '0');
    assert.deepEqual(c.Entrypoint.slice(-1), ['/opt/orkestra/bin/ork.js']);
    assert.equal(c.WorkingDir, '/home/nonroot');
    assert.ok(
      c.Env.some((e) => e.startsWith('PATH=/usr/local/bin:')),
      c.Env.join(' '),
    );
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(c.Labels['org.opencontainers.image.version'], pkg.version);
    assert.equal(c.Labels['org.opencontainers.image.licenses'], 'Apache-2.0');
  });

  test('each layer is a gzipped tar whose digest is the diff_id the config names', () => {
    const layers = manifest().layers;
    assert.equal(layers.length, 3);
    const diffIds = layers.map((l) => {
      assert.equal(l.mediaType, 'application/vnd.oci.image.layer.v1.tar+gzip');
      return `sha256:${createHash('sha256')
        .update(gunzipSync(blob(l.digest)))
        .digest('hex')}`;
    });
    assert.deepEqual(diffIds, config().rootfs.diff_ids);
  });

  test('ork version and ork --version run inside it', () => {
    const label = config().config.Labels['org.opencontainers.image.version'];
    const version = runInImage(['--version']);
    assert.equal(version.code, 0, version.out);
    assert.equal(version.out.trim(), label);
    const long = runInImage(['version']);
    assert.equal(long.code, 0, long.out);
    const [product, node] = long.out.split('\n');
    assert.equal(product, `orkestra ${label ?? ''}`);
    assert.match(node ?? '', /^node v24\.\d+\.\d+ linux\/x64$/);
  });

  test('ork validate of an example copied inside passes, run as 65532', () => {
    cpSync(join(ROOT, 'examples', '01-hello-website'), join(rootfs, 'home', 'nonroot', 'hello'), {
      recursive: true,
    });
    const validate = runInImage(['validate', '-k', 'hello/katalog.yaml']);
    assert.equal(validate.code, 0, validate.out);
    assert.match(validate.out, /1 CRD valid/);
    const node = config().config.Entrypoint[0] ?? '';
    const who = runInImage(
      [
        '-e',
        'const os = require("node:os"); console.log(process.getuid(), process.getgid(), os.userInfo().username, os.userInfo().homedir)',
      ],
      [node],
    );
    assert.equal(who.out.trim(), '65532 65532 nonroot /home/nonroot', 'the user and the image’s /etc/passwd');
  });

  test('building it again gives the same digests (reproducible layers)', () => {
    const again = buildImage(join(work, 'oci-again'));
    assert.equal(again.manifestDigest, image.manifestDigest);
  });
});
