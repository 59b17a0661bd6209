import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from '../load/load-katalog.ts';
import { compileKatalog } from './compile-plan.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website}
      operatorBox:
        reconciler: {workers: 6, resync: 1m}
        onCreate:
          hpa:
            - {target: {name: x}, maxReplicas: 3}
          deployments:
            - image: "{{ .spec.image }}"
              when: [{field: spec.a, hasPrefix: x}, {field: spec.b, exists: false}]
        onReconcile:
          services: [{port: 80}]
      description: Serves a static site.
`;

async function plans() {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
  assert.ok(loaded.katalog, loaded.diagnostics[0]?.message);
  return compileKatalog(loaded.katalog);
}

describe('compileKatalog', () => {
  it('applies the older operatorBox.reconciler alias for workers and resync', async () => {
    const plan = (await plans())[0]!;
    assert.equal(plan.workers, 6);
    assert.equal(plan.resyncMs, 60_000);
    assert.deepEqual(plan.queue.retryBackoff, { initialMs: 5, maxMs: 1_000_000 });
  });

  it('orders resources for apply, folds aliases into their kind and marks onReconcile entries as enforced', async () => {
    const plan = (await plans())[0]!;
    const created = plan.hooks.onCreate.resources.map((r) => [r.kind, r.reconcile]);
    assert.deepEqual(created, [
      ['Deployment', false],
      ['HorizontalPodAutoscaler', false],
    ]);
    assert.equal(plan.hooks.onReconcile.resources[0]?.reconcile, true);
    assert.equal(plan.hooks.onCreate.resources[1]?.path, 'spec.crds.website.operatorBox.onCreate.hpa[0]');
  });

  it('carries the entry description, which /katalog shows', async () => {
    assert.equal((await plans())[0]!.description, 'Serves a static site.');
  });

  it('normalises condition operators', async () => {
    const plan = (await plans())[0]!;
    const when = plan.hooks.onCreate.resources[0]?.when.map((c) => c.operator);
    assert.deepEqual(when, ['prefix', 'notExists']);
  });

  it('keeps templates as source with their positions', async () => {
    const plan = (await plans())[0]!;
    const image = plan.templates.find((t) => t.path.endsWith('deployments[0].image'))!;
    assert.equal(image.source, '{{ .spec.image }}');
    assert.equal(image.location.line, 14);
  });

  it('bounds the children of a CR at 10,000 unless spec.limits.maxChildren says otherwise', async () => {
    assert.equal((await plans())[0]!.maxChildren, 10_000);
    const text = KATALOG.replace('spec:\n', 'spec:\n  limits: {maxChildren: 50000}\n');
    const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
    assert.ok(loaded.katalog, loaded.diagnostics[0]?.message);
    assert.equal(compileKatalog(loaded.katalog)[0]!.maxChildren, 50_000);
  });

  it('returns deeply frozen plans', async () => {
    const plan = (await plans())[0]!;
    assert.ok(Object.isFrozen(plan.hooks.onCreate.resources[0]?.when));
    assert.throws(() => {
      (plan as unknown as { workers: number }).workers = 1;
    }, TypeError);
  });
});

describe('compileKatalog with a template analysis', () => {
  it('records each template inputs, sorting the CR paths from the children, cross and external', async () => {
    const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
    assert.ok(loaded.katalog);
    const finder = (source: string) =>
      source.includes('.spec.image')
        ? { paths: ['children.web', 'spec.image'], impure: ['now'], functions: ['now'] }
        : undefined;
    const plan = compileKatalog(loaded.katalog, { templateInputs: finder })[0]!;
    const image = plan.templates.find((t) => t.path.endsWith('deployments[0].image'))!;
    assert.deepEqual(image.inputs, {
      crPaths: ['spec.image'],
      children: true,
      cross: false,
      external: false,
      impure: ['now'],
      notes: [],
    });
    assert.equal(compileKatalog(loaded.katalog)[0]!.templates[0]?.inputs, undefined);
  });

  it('records whether a template may call toYaml', async () => {
    assert.equal((await plans())[0]!.callsToYaml, false);
    const yaml = KATALOG.replace('"{{ .spec.image }}"', '"{{ toYaml .spec }}"');
    const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(yaml) });
    assert.ok(loaded.katalog);
    assert.equal(compileKatalog(loaded.katalog)[0]!.callsToYaml, true);
  });
});
