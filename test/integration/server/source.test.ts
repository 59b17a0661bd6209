/**
 * `/katalog/source` of `ork run` against the real control plane: the Katalog's files as the run
 * loaded them, and its compile warnings located in them.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { startOperator } from '../run/operator-fixture.ts';

after(closeTestCluster);

interface Source {
  name: string;
  files: { path: string; text: string }[];
  diagnostics: {
    severity: string;
    message: string;
    file: string;
    line: number;
    column: number;
    path: string;
  }[];
}

test('the source shows the Katalog text and its warnings where they are', { timeout: 120_000 }, async (t) => {
  const op = await startOperator(t, {
    crds: {
      note: {
        kind: 'Note',
        entry: {
          operatorBox: {
            onReconcile: {
              // reconcile is for onCreate entries: a warning, not an error
              configMaps: [{ name: '{{ .metadata.name }}-text', data: { a: 'b' }, reconcile: true }],
            },
          },
        },
      },
    },
  });
  const res = await op.http('/katalog/source');
  assert.equal(res.status, 200);
  const source = res.body as unknown as Source;
  assert.equal(source.name, 'test');
  assert.equal(source.files.length, 1);
  const [file] = source.files;
  assert.match(file?.text ?? '', /kind: Katalog/);
  assert.match(file?.text ?? '', /\{\{ \.metadata\.name \}\}-text/);
  const warning = source.diagnostics.find((d) => d.severity === 'warning' && /no effect/.test(d.message));
  assert.ok(warning, `a no-effect warning in ${JSON.stringify(source.diagnostics)}`);
  assert.equal(warning.file, file?.path);
  assert.match(warning.path, /onReconcile\.configMaps\[0\]/);
  const line = (file?.text ?? '').split('\n')[warning.line - 1] ?? '';
  assert.match(line, /reconcile: true/);
});
