import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from '../load/load-katalog.ts';
import { validateKatalog } from '../validate/validate-katalog.ts';
import { compileKatalog } from './compile-plan.ts';

const katalog = (autoscale: string, extra = '') => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    managed-database:
      apiTypes: {group: demo.io, version: v1, kind: Database}
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website}
      workers: 2
      operatorBox:
${extra}        autoscale:
${autoscale}
`;

const SPEC_EXAMPLE = `          interval: 10s
          cooldown: 1m
          conditions:
            when:
              - {field: metrics.queueDepth, greaterThan: "300"}
              - {field: cross.managed-database.metrics.workersBusyPercent, greaterThan: "70"}
          do: {workers: 12, queueDepth: 1000}`;

async function load(text: string) {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
  assert.ok(loaded.katalog, loaded.diagnostics[0]?.message);
  return { katalog: loaded.katalog, diagnostics: validateKatalog(loaded.katalog) };
}

describe('operatorBox.autoscale', () => {
  it('compiles into the Plan: durations, overrides, conditions and the boxes whose metrics it reads', async () => {
    const { katalog: k, diagnostics } = await load(katalog(SPEC_EXAMPLE));
    assert.deepEqual(diagnostics, []);
    const plan = compileKatalog(k).find((p) => p.key === 'website');
    assert.deepEqual(plan?.autoscale, {
      intervalMs: 10_000,
      cooldownMs: 60_000,
      workers: 12,
      queueDepth: 1000,
      crossMetrics: { 'managed-database': 'managed-database' },
      when: [
        { field: 'metrics.queueDepth', fieldIsTemplate: false, operator: 'greaterThan', value: '300' },
        {
          field: 'cross.managed-database.metrics.workersBusyPercent',
          fieldIsTemplate: false,
          operator: 'greaterThan',
          value: '70',
        },
      ],
      or: [],
    });
    assert.equal(compileKatalog(k).find((p) => p.key === 'managed-database')?.autoscale, undefined);
  });

  it('defaults to a 30 s interval and a 2 m cooldown', async () => {
    const { katalog: k } = await load(katalog('          do: {workers: 4}'));
    const autoscale = compileKatalog(k).find((p) => p.key === 'website')?.autoscale;
    assert.ok(autoscale);
    assert.equal(autoscale.intervalMs, 30_000);
    assert.equal(autoscale.cooldownMs, 120_000);
  });

  it('reads a cross entry by its `as` as well as by CRD key', async () => {
    const text = katalog(
      `          conditions: {when: [{field: cross.db.metrics.queueDepth, greaterThan: "5"}]}
          do: {workers: 4}`,
      '        cross: [{crd: managed-database, as: db}]\n',
    );
    const { katalog: k, diagnostics } = await load(text);
    assert.deepEqual(
      diagnostics.filter((d) => d.code !== 'not-supported-yet').map((d) => d.message),
      [],
    );
    const plan = compileKatalog(k).find((p) => p.key === 'website');
    assert.deepEqual(plan?.autoscale?.crossMetrics, { db: 'managed-database' });
  });

  it('refuses an unknown CRD, an unknown metric and a path that is not a metric, where written', async () => {
    const text = katalog(`          conditions:
            when:
              - {field: cross.managed-databse.metrics.queueDepth, greaterThan: "1"}
              - {field: metrics.queuDepth, greaterThan: "1"}
            or:
              - {field: spec.replicas, greaterThan: "1"}
              - {field: "{{ .cross.nope.metrics.workers }}", greaterThan: "1"}
          do: {workers: 4}`);
    const { diagnostics } = await load(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code, d.line, d.message]),
      [
        [
          'error',
          'unknown-crd',
          15,
          'autoscale reads the metrics of unknown CRD "managed-databse" (did you mean "managed-database"?)',
        ],
        ['error', 'unknown-metric', 16, 'unknown metric "queuDepth" (did you mean "queueDepth"?)'],
        ['error', 'unknown-metric', 18, 'autoscale conditions read metrics, not "spec.replicas"'],
        ['error', 'unknown-crd', 19, 'autoscale reads the metrics of unknown CRD "nope"'],
      ],
    );
  });

  it('warns about an autoscale that changes nothing', async () => {
    const { diagnostics } = await load(katalog('          do: {}'));
    assert.deepEqual(
      diagnostics.map((d) => [d.severity, d.code]),
      [['warning', 'no-effect']],
    );
  });
});
