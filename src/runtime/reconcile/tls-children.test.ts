import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = (path: string) => JSON.stringify(fileURLToPath(new URL(`../../${path}`, import.meta.url)));

/**
 * In a fresh process: loads the app and the runtime as `ork run` does, resolves desired children
 * without and then with a tls Secret, and reports which of Orkestra's modules were loaded after each.
 */
const script = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ resolve: (specifier, context, next) => { const r = next(specifier, context); loaded.push(r.url); return r; } });
await import(${src('app/index.ts')});
await import(${src('runtime/index.ts')});
const { withTlsMaterial } = await import(${src('runtime/reconcile/tls-children.ts')});
const { randomKeys } = await import(${src('runtime/reconcile/random-keys.ts')});
const deps = { cache: { child: () => undefined }, events: { normal() {} }, now: () => new Date(), keys: randomKeys, issuedTls: new Map() };
const configMap = { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' } }, mode: 'enforce' };
await withTlsMaterial([configMap], {}, deps);
const before = loaded.filter((u) => u.includes('/src/pki/')).length;
const secret = { manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b', namespace: 'n' }, data: {} }, mode: 'enforce',
  secret: { once: false, tls: { commonName: 'b', dnsNames: ['b'], validForMs: 86400000 } } };
const { children } = await withTlsMaterial([secret], {}, deps);
const after = loaded.filter((u) => u.includes('/src/pki/')).length;
process.stdout.write(JSON.stringify({ before, after, crt: typeof children[0].manifest.data['tls.crt'] }));
`;

it('the certificate code is loaded only when a desired child is a tls Secret', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const { before, after, crt } = JSON.parse(out) as { before: number; after: number; crt: string };
  assert.equal(before, 0, 'pki/ was loaded by ork run’s modules or for a child without tls');
  assert.ok(after > 0, 'pki/ is loaded for a tls Secret (the check is live)');
  assert.equal(crt, 'string');
});
