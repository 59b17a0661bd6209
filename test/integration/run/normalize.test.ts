/**
 * normalize in `ork run` (spec §9.1): the CR's fields are rewritten to their canonical form — the stored
 * CR is patched — before its children are rendered; a CR already canonical is not written.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator } from './operator-fixture.ts';

after(closeTestCluster);

test(
  'normalize patches the stored CR once and the children see the canonical values',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, {
      crds: {
        plan: {
          kind: 'Plan',
          entry: {
            normalize: {
              spec: {
                tier: '{{ .spec.tier | trim | lower }}',
                'limits.region': '{{ upper .spec.limits.region }}',
              },
            },
            operatorBox: {
              onReconcile: {
                configMaps: [
                  {
                    name: '{{ .metadata.name }}',
                    data: { tier: '{{ .spec.tier }}', region: '{{ .spec.limits.region }}' },
                  },
                ],
              },
            },
          },
        },
      },
    });
    const plan = op.crds['plan']!;
    await plan.create('gold', { tier: '  GOLD ', limits: { region: 'eu-west', cpu: 4 } });
    await plan.create('silver', { tier: 'silver', limits: { region: 'US-EAST', cpu: 2 } });
    const cr = await eventually(
      async () => {
        const stored = await plan.get('gold');
        return readyOf(stored)?.status === 'True' && stored?.status?.observedGeneration === 2
          ? stored
          : undefined;
      },
      { what: 'gold normalized and Ready', timeoutMs: 30_000 },
    );
    assert.deepEqual(cr.spec, { tier: 'gold', limits: { region: 'EU-WEST', cpu: 4 } });
    const cm = await eventually(
      async () => {
        const c = await op.child('v1 configmaps', 'gold');
        return c?.data?.['tier'] === 'gold' ? c : undefined;
      },
      { what: 'the ConfigMap with the canonical tier' },
    );
    assert.deepEqual(cm.data, { tier: 'gold', region: 'EU-WEST' });

    await eventually(async () => readyOf(await plan.get('silver'))?.status === 'True', {
      what: 'silver Ready',
    });
    const silver = await plan.get('silver');
    assert.equal(silver?.metadata.generation, 1, 'a canonical CR is not written');
    const again = await plan.get('gold');
    assert.equal(again?.metadata.generation, 2, 'normalizing twice changes nothing');
  },
);
