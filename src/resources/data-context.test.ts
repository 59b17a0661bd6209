import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { passesConditions } from './condition/evaluate-condition.ts';
import { buildTemplateData, groupChildren } from './data-context.ts';
import { fakeRender } from './testing/fake-render.ts';
import { websiteCr } from './testing/fixtures.ts';

const job = (name: string, created: string, succeeded?: number) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, creationTimestamp: created },
  status: succeeded === undefined ? {} : { succeeded },
});

describe('buildTemplateData', () => {
  it('exposes the CR fields at the top level', () => {
    const data = buildTemplateData({ cr: websiteCr });
    assert.equal(data['kind'], 'Website');
    assert.deepEqual(data['spec'], websiteCr.spec);
    assert.deepEqual(data['children'], {});
    assert.deepEqual(data['external'], {});
  });

  it('gives the newest child per lowercase kind and the full list oldest first', () => {
    const build = job('shop-build', '2025-01-01T00:00:00Z', 1);
    const test = job('shop-test', '2025-01-01T00:10:00Z');
    const data = buildTemplateData({
      cr: websiteCr,
      children: [test, build, { kind: 'Deployment', metadata: { name: 'shop' } }],
    });
    assert.equal(
      (data['children'] as Record<string, { metadata: { name: string } }>)['job']?.metadata.name,
      'shop-test',
    );
    assert.deepEqual(
      (data['childList'] as Record<string, { metadata: { name: string } }[]>)['job']?.map(
        (j) => j.metadata.name,
      ),
      ['shop-build', 'shop-test'],
    );
    assert.equal(
      passesConditions(
        { when: [{ field: 'children.deployment.metadata.name', equals: 'shop' }] },
        { data, render: fakeRender },
      ),
      true,
    );
    assert.equal(
      passesConditions(
        { when: [{ field: 'children.job.status.succeeded', exists: true }] },
        { data, render: fakeRender },
      ),
      false,
    );
  });

  it('passes cross, external and metrics through', () => {
    const data = buildTemplateData({
      cr: websiteCr,
      cross: { db: { found: true } },
      external: { health: { status: 200 } },
      metrics: { queueDepth: 4 },
    });
    assert.equal(
      passesConditions(
        {
          when: [
            { field: 'metrics.queueDepth', lessThan: 10 },
            { field: 'external.health.status', equals: '200' },
            { field: 'cross.db.found', equals: 'true' },
          ],
        },
        { data, render: fakeRender },
      ),
      true,
    );
  });

  it('skips objects without a kind when grouping', () => {
    assert.deepEqual(groupChildren([{ metadata: { name: 'x' } }]), {});
  });
});
