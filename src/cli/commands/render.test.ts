import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ork } from '../../../test/harness/ork-cli.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const HELLO = `${ROOT}examples/01-hello-website`;

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

  it('exits 1 and says so on stderr, with where the CR is written, when a CR matches no entry', async () => {
    const crs = `${ROOT}test/golden/render/features/cr.yaml`;
    const r = await ork(['render', '-k', `${HELLO}/katalog.yaml`, '--cr', crs]);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /^error: \S+\/features\/cr\.yaml:2:1: Tenant tenants\/acme: demo\.orkestra\.io\/v1 Tenant matches no CRD entry/m,
    );
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
