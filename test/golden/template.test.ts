// Golden tests: every case under test/golden/template/ was recorded from Go's text/template (and sprig) by
// test/golden/gen; the engine must print the same text, or fail where Go fails, on the same line.
// Cases whose behaviour the spec pins down differently (spec §6.5) carry the expected result and Go's own output.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TemplateError, executeTemplate, parseTemplate } from '../../src/template/index.ts';
import type { FuncMap } from '../../src/template/index.ts';
import { goldenFuncs } from './golden-funcs.ts';

interface GoldenCase {
  name: string;
  template: string;
  data: unknown;
  expected?: string;
  error?: string;
  go?: string;
}

const dir = fileURLToPath(new URL('./template/', import.meta.url));

function run(c: GoldenCase, funcs: FuncMap): string {
  return executeTemplate(parseTemplate(c.template, { name: c.name, funcs }), c.data);
}

/** The line Go reported (`template: name:LINE:...`), when it reported one. */
function goLine(c: GoldenCase): number | undefined {
  const prefix = `template: ${c.name}:`;
  if (c.error?.startsWith(prefix) !== true) return undefined;
  const m = /^(\d+)/.exec(c.error.slice(prefix.length));
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const cases = JSON.parse(readFileSync(dir + file, 'utf8')) as GoldenCase[];
  const funcs = goldenFuncs(file.replace(/\.json$/, ''));
  describe(`golden ${file}`, () => {
    for (const c of cases) {
      if (c.expected !== undefined) {
        const expected = c.expected;
        it(`prints what Go prints: ${c.name}`, () => {
          assert.equal(run(c, funcs), expected);
        });
      } else {
        it(`fails where Go fails: ${c.name}`, () => {
          assert.throws(
            () => run(c, funcs),
            (e: unknown) => {
              assert.ok(e instanceof TemplateError, `expected a TemplateError, got ${String(e)}`);
              const line = goLine(c);
              if (line !== undefined)
                assert.equal(e.line, line, `line of: ${e.message} vs Go: ${c.error ?? ''}`);
              return true;
            },
          );
        });
      }
    }
  });
}
