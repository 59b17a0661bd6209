/**
 * `.cross` offline: `ork render` resolves an entry's `cross` from the CRs given to the same call, renders
 * an observed CR before its observers (whatever the input order), sees it with the status its render
 * wrote, and reports each lookup.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import type { Plan } from '../../plan/index.ts';
import { formatRenderReport } from './render-format.ts';
import { renderCustomResources } from './render.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: unit}
spec:
  crds:
    db:
      apiTypes: {group: demo.io, version: v1, kind: Db, plural: dbs}
      operatorBox:
        status:
          fields:
            - {path: phase, value: "{{ .spec.phase }}"}
    app:
      apiTypes: {group: demo.io, version: v1, kind: App, plural: apps}
      operatorBox:
        cross:
          - {crd: db, selector: {name: "{{ .spec.db }}"}, as: db}
          - {crd: db, selector: {matchLabels: {tier: "{{ .spec.tier }}"}}, as: tiered}
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}"
              data: {tiered: "{{ .cross.tiered.metadata.name }}"}
              when: [{field: "{{ phase .cross.db }}", equals: Ready}]
`;

async function plans(): Promise<readonly Plan[]> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
  assert.ok(loaded.katalog !== undefined, loaded.diagnostics.map((d) => d.message).join('; '));
  return compileKatalog(loaded.katalog);
}

const cr = (kind: string, name: string, spec: object, extra: object = {}): KubeObject => ({
  apiVersion: 'demo.io/v1',
  kind,
  metadata: { name, namespace: 'ns', ...extra },
  spec,
});
const now = () => new Date('2026-01-02T03:04:05Z');

describe('ork render: cross', () => {
  it('resolves .cross from the given CRs as rendered, observed CRs first, results in input order', async () => {
    const report = await renderCustomResources({
      plans: await plans(),
      crs: [
        cr('App', 'shop', { db: 'main', tier: 'gold' }),
        cr('Db', 'main', { phase: 'Ready' }),
        cr(
          'Db',
          'young',
          { phase: 'Ready' },
          { labels: { tier: 'gold' }, creationTimestamp: '2026-01-02T00:00:00Z' },
        ),
        cr(
          'Db',
          'old',
          { phase: 'Ready' },
          { labels: { tier: 'gold' }, creationTimestamp: '2026-01-01T00:00:00Z' },
        ),
      ],
      now,
    });
    assert.ok(report.ok);
    assert.deepEqual(
      report.results.map((r) => r.cr.metadata?.name),
      ['shop', 'main', 'young', 'old'],
    );
    const [app] = report.results;
    // the Db given with no status: its phase is the one its own render wrote
    const [child] = app?.recorded?.children ?? [];
    assert.equal(child?.object.kind, 'ConfigMap');
    assert.deepEqual(child.object['data'], { tiered: 'old' });
    assert.deepEqual(app?.cross, [
      'cross db: found Db ns/main (as rendered in this call; status.phase Ready)',
      'cross tiered: found Db ns/old (as rendered in this call; status.phase Ready)',
    ]);
    assert.match(formatRenderReport(report), /^# cross db: found Db ns\/main/m);
  });

  it('gates the child off and says so when the observed CR is not among those given', async () => {
    const report = await renderCustomResources({
      plans: await plans(),
      crs: [cr('App', 'shop', { db: 'missing', tier: 'none' }), cr('Db', 'main', { phase: 'Ready' })],
      now,
    });
    const [app] = report.results;
    assert.deepEqual(app?.recorded?.children, []);
    assert.deepEqual(app.cross, [
      'cross db: not found among the given CRs (Db ns/missing): {found: false}',
      'cross tiered: not found among the given CRs (a Db in ns with labels tier=none): {found: false}',
    ]);
  });

  it('sees the status its operator would write, not a Ready written by hand in the file', async () => {
    const report = await renderCustomResources({
      plans: await plans(),
      crs: [
        { ...cr('Db', 'main', { phase: 'Starting' }), status: { phase: 'Ready' } },
        cr('App', 'shop', { db: 'main', tier: 'gold' }),
      ],
      now,
    });
    assert.deepEqual(report.results[1]?.recorded?.children, []);
    assert.equal(
      report.results[1].cross?.[0],
      'cross db: found Db ns/main (as rendered in this call; status.phase Starting)',
    );
  });
});
