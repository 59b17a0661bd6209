import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** The internal modules a fresh Node process has loaded after importing `entries` and running `then`. */
function modulesLoadedBy(entries: string[], then = ''): string[] {
  const script = `for (const e of ${JSON.stringify(entries)}) await import(e);
${then}
process.stdout.write(JSON.stringify(process.moduleLoadList));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('node built-ins on the operator path', () => {
  it('the HTTP server, the client and the app never load Node’s bundled undici', () => {
    const util = JSON.stringify(src('util/index.ts'));
    const loaded = modulesLoadedBy(
      [src('server/index.ts'), src('kube/index.ts'), src('app/index.ts')],
      `(await import(${util})).loadNodeHttp();`,
    );
    assert.ok(loaded.includes('NativeModule http'), 'node:http is loaded (the check is live)');
    assert.ok(!loaded.includes('NativeModule internal/deps/undici/undici'), 'undici was loaded');
  });

  it('the client loads node:http(s), node:http2 and node:zlib only when a connection or a body needs them', () => {
    const loaded = modulesLoadedBy([src('kube/index.ts')]);
    assert.ok(loaded.includes('NativeModule tls'), 'node:tls is loaded (the check is live)');
    for (const lazy of ['http', 'https', 'http2', 'zlib']) {
      assert.ok(!loaded.includes(`NativeModule ${lazy}`), `node:${lazy} was loaded`);
    }
  });

  it('an ESM import of node:http would load it (why util/node-builtins exists)', () => {
    const loaded = modulesLoadedBy(['node:http']);
    assert.ok(loaded.includes('NativeModule internal/deps/undici/undici'));
  });
});
