import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TemplateError, executeTemplate, parseTemplate } from './index.ts';

const PIECES = [
  '{{',
  '}}',
  '{{-',
  '-}}',
  ' ',
  '.',
  '.a',
  '.b.c',
  '$',
  '$x',
  ':=',
  '=',
  '|',
  '(',
  ')',
  '"s"',
  '`r`',
  "'c'",
  '1',
  '-2',
  '3.5',
  '1e6',
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
  'nil',
  'true',
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'printf',
  '"%d %v %s"',
  'eq',
  'lt',
  'html',
  'js',
  'urlquery',
  'call',
  '/*',
  '*/',
  ',',
  'text',
  '\n',
  'constructor',
  '__proto__',
];

const DATA = { a: 1, b: { c: [1, 'two', null, { d: 3.5 }] }, s: 'héllo', l: [3, 1, 2], m: { z: 1, y: 2 } };

/** Runs a template; the only acceptable failure is a TemplateError. */
function runSafely(source: string): void {
  try {
    executeTemplate(parseTemplate(source), DATA, { maxSteps: 20_000, maxOutputBytes: 100_000 });
  } catch (e) {
    assert.ok(e instanceof TemplateError, `unexpected ${String(e)} for ${JSON.stringify(source)}`);
  }
}

describe('fuzzing the engine', () => {
  it('never crashes or hangs on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }), (parts) => {
        runSafely(parts.join(''));
      }),
      {
        numRuns: 400,
      },
    );
  });

  it('never crashes or hangs on random well-delimited actions', () => {
    const action = fc.array(fc.constantFrom(...PIECES.filter((p) => !p.includes('{') && !p.includes('}'))), {
      maxLength: 8,
    });
    const source = fc.array(fc.tuple(fc.constantFrom('', 'x', ' \n'), action), { maxLength: 6 });
    fc.assert(
      fc.property(source, (parts) => {
        runSafely(parts.map(([t, a]) => `${t}{{ ${a.join(' ')} }}`).join(''));
      }),
      { numRuns: 400 },
    );
  });

  it('never crashes on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        runSafely(s);
      }),
      { numRuns: 300 },
    );
  });
});
