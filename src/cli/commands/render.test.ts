import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { main } from '../index.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const HELLO = `${ROOT}examples/01-hello-website`;

type Write = typeof process.stdout.write;

/** A write that keeps the text the CLI prints (strings) and passes the test runner's own bytes on. */
function capture(into: string[], original: Write): Write {
  const write = (chunk: string | Uint8Array, ...rest: never[]): boolean =>
    typeof chunk === 'string' ? into.push(chunk) > 0 : original(chunk, ...rest);
  return write;
}

/** Runs `ork` with what it prints on stdout and stderr captured. */
async function ork(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  process.stdout.write = capture(out, write.out);
  process.stderr.write = capture(err, write.err);
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('ork render (command)', () => {
  it('prints the manifests of a CR on stdout and exits 0', async () => {
    const r = await ork(['render', '-k', `${HELLO}/katalog.yaml`, '--cr', `${HELLO}/cr.yaml`]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^kind: Deployment$/m);
    assert.match(r.out, /^kind: Service$/m);
    assert.equal(r.err, '');
  });

  it('exits 1 and says so on stderr when a CR matches no entry', async () => {
    const crs = `${ROOT}test/golden/render/features/cr.yaml`;
    const r = await ork(['render', '-k', `${HELLO}/katalog.yaml`, '--cr', crs]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error: Tenant tenants\/acme: demo\.orkestra\.io\/v1 Tenant matches no CRD entry/m);
  });

  it('exits 1 without --cr, naming the flag', async () => {
    const r = await ork(['render', '-k', `${HELLO}/katalog.yaml`]);
    assert.equal(r.code, 1);
    assert.match(r.err, /--cr <file> is required/);
  });

  it('exits 1 on an invalid Katalog, printing its diagnostics and no manifest', async () => {
    const r = await ork([
      'render',
      '-k',
      `${ROOT}test/fixtures/bad/bad-indent.yaml`,
      '--cr',
      `${HELLO}/cr.yaml`,
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, /bad-indent\.yaml/);
  });
});
