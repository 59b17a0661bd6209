import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildLimitError } from '../errors.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { hookOf } from '../testing/hook-of.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import { DEFAULT_MAX_CHILDREN, expandForEach } from './for-each.ts';
import { renderDesiredChildren, renderGroup } from './render-group.ts';

const items = (n: number) => Array.from({ length: n }, (_, i) => i);
const data = (spec: Record<string, unknown>) => ({
  ...websiteData,
  spec: { ...(websiteData['spec'] as Record<string, unknown>), ...spec },
});
const where = { label: 'onReconcile.configMaps[0]' };
const perItem = { name: '{{ .metadata.name }}-{{ .index }}', forEach: { field: 'spec.items' } };

describe('the children budget of a CR', () => {
  it('fails a forEach over a huge list before building anything, naming the entry, the field and the budget', () => {
    const located = {
      label: 'onReconcile.configMaps[0]',
      path: 'spec.crds.app.operatorBox.onReconcile.configMaps[0]',
      location: { file: 'katalog.yaml', line: 12, column: 15, endLine: 12, endColumn: 16 },
    };
    const started = performance.now();
    assert.throws(
      () =>
        expandForEach(perItem, data({ items: items(200_000) }), {
          budget: { rendered: 0, max: 10_000 },
          where: located,
        }),
      (e: unknown) =>
        e instanceof ChildLimitError &&
        e.entry === 'onReconcile.configMaps[0]' &&
        e.message ===
          'katalog.yaml:12:15: spec.crds.app.operatorBox.onReconcile.configMaps[0]: forEach over spec.items (200000 elements) would take this CR past 10000 children (spec.limits.maxChildren); shorten the list or raise the limit in the Katalog',
    );
    assert.ok(performance.now() - started < 1000);
  });

  it('counts the keys of a map, and lets a list up to the budget through', () => {
    const budget = { rendered: 0, max: 3 };
    assert.equal(expandForEach(perItem, data({ items: items(3) }), { budget, where }).length, 3);
    assert.equal(budget.rendered, 3);
    const map = { a: 1, b: 2, c: 3, d: 4 };
    assert.throws(
      () => expandForEach(perItem, data({ items: map }), { budget: { rendered: 0, max: 3 }, where }),
      ChildLimitError,
    );
  });

  it('defaults to 10,000 children', () => {
    assert.equal(DEFAULT_MAX_CHILDREN, 10_000);
    assert.equal(expandForEach(perItem, data({ items: items(10_000) })).length, 10_000);
    assert.throws(() => expandForEach(perItem, data({ items: items(10_001) })), ChildLimitError);
  });

  it("counts every entry of the CR's render, across entries and hooks, against the Plan's maxChildren", () => {
    const request = {
      data: data({ items: items(3) }),
      render: fakeRender,
      origin: websiteOrigin,
      maxChildren: 4,
    };
    const hooks = {
      onCreate: hookOf({ configMaps: [perItem] }),
      onReconcile: hookOf({ secrets: [{ name: 'one' }], services: [{ name: 'two', port: 80 }] }),
    };
    assert.throws(
      () => renderDesiredChildren(hooks, request),
      (e: unknown) =>
        e instanceof ChildLimitError &&
        /^onReconcile\.services\[0\]: one more child would take this CR past 4 children after 4 children of other entries/.test(
          e.message,
        ),
    );
    assert.equal(renderDesiredChildren(hooks, { ...request, maxChildren: 5 }).length, 5);
    const onDelete = { ...request, hook: 'onDelete' as const, group: hookOf({ configMaps: [perItem] }) };
    assert.throws(() => renderGroup({ ...onDelete, maxChildren: 2 }), ChildLimitError);
  });
});
