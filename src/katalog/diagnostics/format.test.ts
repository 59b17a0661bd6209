import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from './diagnostic.ts';
import { EXCERPT_WIDTH, formatDiagnostic, formatDiagnostics, MAX_PRINTED_DIAGNOSTICS } from './format.ts';

const d: Diagnostic = {
  file: 'katalog.yaml',
  line: 2,
  column: 3,
  endLine: 2,
  endColumn: 10,
  severity: 'error',
  code: 'unknown-field',
  message: 'unknown field "replica" (did you mean "replicas"?)',
  path: 'spec',
  hint: 'remove it',
};

describe('formatDiagnostic', () => {
  it('prints the headline, the source line and a caret under the marked text', () => {
    const text = formatDiagnostic(d, () => 'spec:\n  replica: 3\n');
    assert.equal(
      text,
      [
        'katalog.yaml:2:3: error: unknown field "replica" (did you mean "replicas"?) at spec',
        ' 2 |   replica: 3',
        '   |   ^~~~~~~',
        '  hint: remove it',
      ].join('\n'),
    );
  });

  it('counts errors and warnings separately', () => {
    const out = formatDiagnostics([d, { ...d, severity: 'warning' }]);
    assert.match(out, /1 error, 1 warning$/);
  });

  it('cuts a long line to a window around the column, the caret still under the spot', () => {
    const line = `${'a: 1, '.repeat(10_000)}bad: [${'x, '.repeat(10_000)}]`;
    const column = line.indexOf('bad') + 1;
    const at = { ...d, line: 1, column, endLine: 1, endColumn: column + 3, hint: undefined };
    const [, shown, caret] = formatDiagnostic(at, () => line).split('\n');
    assert.ok(shown!.length <= EXCERPT_WIDTH + 6, `${String(shown!.length)} characters`);
    assert.match(shown!, /^ 1 \| ….*a: 1, bad: \[x, .*…$/);
    assert.equal(shown!.indexOf('bad'), caret!.indexOf('^'));
    assert.match(caret!, /\^~~$/);
  });

  it('prints at most 50 diagnostics, errors first, and counts the rest', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ ...d, line: i + 1 }));
    const warning: Diagnostic = { ...d, line: 1, severity: 'warning', message: 'a warning' };
    const text = formatDiagnostics([warning, ...many], () => 'spec:\n'.repeat(20_001));
    assert.equal(text.match(/: error: /g)?.length, MAX_PRINTED_DIAGNOSTICS);
    assert.doesNotMatch(text, /a warning/);
    assert.match(
      text,
      /… 19,951 more diagnostics not shown \(the first 50 are\)\n\n20,000 errors, 1 warning$/,
    );
  });
});
