/**
 * Hostile files through the CLI (`validate`, `render`, `generate`): each ends with a located error,
 * exit 1 and no library message or stack — never a hang. Inputs are generated here; none is in git.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { ork } from '../harness/ork-cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const HELLO = `${ROOT}examples/01-hello-website`;
const dir = mkdtempSync(join(tmpdir(), 'ork-hostile-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  process.exitCode = undefined;
  delete process.env['ORK_MAX_FILE_SIZE'];
});

/** No message of a library, no stack: what a user should never see. */
function assertClean(err: string): void {
  assert.doesNotMatch(err, /Excessive alias count|resource exhaustion attack|\n\s+at .+:\d+:\d+\)?\n/);
  assert.doesNotMatch(err, /internal error/);
}

const bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i <= 9; i++)
  bomb.push(
    `a${String(i)}: &a${String(i)} [${Array(9)
      .fill(`*a${String(i - 1)}`)
      .join(',')}]`,
  );

describe('hostile input through the CLI', () => {
  it('refuses a FIFO given as the Katalog at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'katalog.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await ork(['validate', '-k', fifo]);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /katalog\.fifo:1:1: error: cannot read .*: it is a pipe \(FIFO\).*not a regular file/,
    );
    assertClean(r.err);
  });

  it('refuses a directory given as the CR file of render', async () => {
    const r = await ork(['render', '-k', `${HELLO}/katalog.yaml`, '--cr', dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error: cannot read .*: it is a directory, not a regular file$/m);
  });

  it('refuses a Katalog over the size bound, saying how to raise it', async () => {
    process.env['ORK_MAX_FILE_SIZE'] = '1Ki';
    const big = file('big.yaml', `# ${'x'.repeat(4096)}\n`);
    const r = await ork(['validate', '-k', big]);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /big\.yaml:1:1: error: cannot read .*: the file is 4\.0 KiB, more than the 1 KiB a file may hold; .*ORK_MAX_FILE_SIZE=/,
    );
  });

  it('reports an alias bomb in a CR file once, located', async () => {
    const cr = file(
      'bomb-cr.yaml',
      `apiVersion: demo.orkestra.io/v1alpha1\nkind: Website\nmetadata: {name: a}\nspec:\n  ${bomb.join('\n  ')}\n`,
    );
    const r = await ork(['render', '-k', `${HELLO}/katalog.yaml`, '--cr', cr]);
    assert.equal(r.code, 1);
    assert.equal(r.err.match(/aliases expand this document/g)?.length, 1);
    assert.match(r.err, /bomb-cr\.yaml:11:12: error: YAML: aliases expand this document by more than/);
    assertClean(r.err);
  });

  for (const [name, text, message] of [
    ['empty', '', /no CR in .*: the file holds no YAML document/],
    ['a list', '- 1\n- 2\n', /list\.yaml:1:1: error: this document is not an object/],
    [
      'no metadata',
      'apiVersion: demo.orkestra.io/v1alpha1\nkind: Website\n',
      /:1:1: the CR has no metadata map/,
    ],
    [
      'a string spec',
      'apiVersion: demo.orkestra.io/v1alpha1\nkind: Website\nmetadata: {name: a}\nspec: x\n',
      /:1:1: spec must be a map/,
    ],
    [
      'another kind',
      'apiVersion: x.io/v1\nkind: Other\nmetadata: {name: a}\n',
      /:1:1: Other a: x\.io\/v1 Other matches no CRD entry/,
    ],
    [
      'an unknown alias',
      'apiVersion: demo.orkestra.io/v1alpha1\nkind: Website\nmetadata: {name: *nope}\n',
      /:3:18: error: YAML: alias \*nope names no anchor/,
    ],
  ] as const) {
    it(`render exits 1 with a located error for a CR file that is ${name}`, async () => {
      const cr = file(`${name.replace(/\W/g, '')}.yaml`, text);
      const r = await ork(['render', '-k', `${HELLO}/katalog.yaml`, '--cr', cr]);
      assert.equal(r.code, 1, r.out);
      assert.match(r.err, message);
      assertClean(r.err);
    });
  }
});
