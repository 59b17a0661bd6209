// `ork run` with flags that parse must not load commander: a running operator would carry it
// (~2 MB of resident memory) for nothing. Its own file: the check reads this process's modules.
import assert from 'node:assert/strict';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { it } from 'node:test';

const loaded: string[] = [];
registerHooks({
  load: (url, context, next) => {
    loaded.push(url);
    return next(url, context);
  },
});
const { main } = await import('./index.ts');
const commanderLoaded = (): boolean => loaded.some((url) => url.includes('/commander/'));

function quietly<T>(run: () => Promise<T>): Promise<T> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = process.stderr.write = () => true;
  return run().finally(() => {
    process.stdout.write = out;
    process.stderr.write = err;
  });
}

it('runs `ork run` without loading commander, which still answers an unknown flag', async () => {
  const missing = join(tmpdir(), 'ork-no-such-dir', 'katalog.yaml');
  assert.equal(await quietly(() => main(['run', '-k', missing, '--port', '0'])), 1);
  assert.equal(commanderLoaded(), false);
  assert.equal(await quietly(() => main(['run', '--no-such-flag'])), 1);
  assert.equal(commanderLoaded(), true);
});
