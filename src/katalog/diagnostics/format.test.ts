import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from './diagnostic.ts';
import { formatDiagnostic, formatDiagnostics } from './format.ts';

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
});
