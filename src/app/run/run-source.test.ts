import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceOf } from './run-input-prepare.ts';

const diagnostic = {
  severity: 'warning' as const,
  code: 'no-effect',
  message: 'reconcile has no effect',
  path: 'spec.crds.a.reconcile',
  file: 'a.yaml',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 9,
  hint: 'remove it',
};

test('the source keeps each file and the located diagnostics, without codes nor hints', () => {
  const source = sourceOf({ sources: new Map([['a.yaml', 'kind: Katalog\n']]), diagnostics: [diagnostic] });
  assert.deepEqual(source, {
    files: [{ path: 'a.yaml', text: 'kind: Katalog\n' }],
    diagnostics: [
      {
        severity: 'warning',
        message: 'reconcile has no effect',
        file: 'a.yaml',
        line: 3,
        column: 5,
        path: 'spec.crds.a.reconcile',
      },
    ],
  });
});

test('the source is bounded: text past 1 MiB in all is cut, marked truncated', () => {
  const big = 'x'.repeat(700_000);
  const source = sourceOf({
    sources: new Map([
      ['a.yaml', big],
      ['b.yaml', big],
      ['c.yaml', big],
    ]),
    diagnostics: Array.from({ length: 500 }, () => diagnostic),
  });
  assert.deepEqual(
    source.files.map((f) => [f.path, f.text.length, f.truncated]),
    [
      ['a.yaml', 700_000, undefined],
      ['b.yaml', (1 << 20) - 700_000, true],
      ['c.yaml', 0, true],
    ],
  );
  assert.equal(source.diagnostics.length, 200);
});
