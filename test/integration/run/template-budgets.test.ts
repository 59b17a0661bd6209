/**
 * A runaway template fails its CR alone (issue 16): in one `ork run`, a CR whose template loops past the
 * step budget and one whose template doubles a string past the value budget are Ready=False with a message
 * naming the budget and where the template is written, while a tame CR of the same box and a CR of another
 * CRD become Ready promptly.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, type TestCrd } from './operator-fixture.ts';

after(closeTestCluster);

const RUNAWAY =
  '{{ range .spec.loops }}x{{ end }}{{ $s := "ab" }}{{ range .spec.doublings }}{{ $s = print $s $s }}{{ end }}{{ len $s }}';

async function readyStatus(crd: TestCrd, name: string): Promise<string | undefined> {
  return readyOf(await crd.get(name))?.status;
}

test('a runaway template fails its own CR, and every other CR converges', { timeout: 120_000 }, async (t) => {
  const op = await startOperator(t, {
    crds: {
      box: {
        kind: 'Box',
        entry: {
          operatorBox: {
            onReconcile: {
              configMaps: [{ name: '{{ .metadata.name }}-out', data: { text: RUNAWAY } }],
            },
          },
        },
      },
      other: {
        kind: 'Other',
        entry: {
          operatorBox: {
            onReconcile: {
              configMaps: [{ name: '{{ .metadata.name }}-other', data: { v: '{{ .spec.v }}' } }],
            },
          },
        },
      },
    },
  });
  const box = op.crds['box']!;
  const other = op.crds['other']!;
  await box.create('loops', { loops: 100_000_000, doublings: 0 });
  await box.create('doubling', { loops: 0, doublings: 100 });
  const started = Date.now();
  await box.create('tame', { loops: 3, doublings: 1 });
  await other.create('fine', { v: 'ok' });

  await eventually(
    async () => (await readyStatus(box, 'tame')) === 'True' && (await readyStatus(other, 'fine')) === 'True',
    { what: 'the tame Box and the Other Ready', timeoutMs: 20_000 },
  );
  const convergedMs = Date.now() - started;
  assert.equal((await op.child('v1 configmaps', 'tame-out'))?.data?.['text'], 'xxx4');
  assert.ok(convergedMs < 15_000, `converged in ${convergedMs} ms`);

  for (const [name, budget] of [
    ['loops', 'maxSteps'],
    ['doubling', 'maxValueBytes'],
  ] as const) {
    const ready = await eventually(
      async () => {
        const r = readyOf(await box.get(name));
        return r?.status === 'False' ? r : undefined;
      },
      { what: `${name} Ready=False`, timeoutMs: 20_000 },
    );
    assert.equal(ready.reason, 'ReconcileError');
    assert.match(ready.message ?? '', new RegExp(budget));
    assert.match(
      ready.message ?? '',
      /katalog\.yaml:\d+:\d+: spec\.crds\.box\.operatorBox\.onReconcile\.configMaps\[0\]\.data\.text/,
    );
    assert.equal(await op.child('v1 configmaps', `${name}-out`), undefined);
  }
});
