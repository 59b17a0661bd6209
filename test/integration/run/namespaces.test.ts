/**
 * `namespaces` with several entries (spec §3): `ork run` reconciles the CRs of the listed namespaces
 * and never touches a CR of another one — no finalizer, no child, no status — and `ork render` of
 * the same Katalog says the same of each CR.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { renderCustomResources } from '../../../src/app/render/render.ts';
import type { KubeObject } from '../../../src/kube/index.ts';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, type Obj } from './operator-fixture.ts';

after(closeTestCluster);

test(
  'with two namespaces listed, their CRs are reconciled and a CR of a third namespace is left untouched',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, {
      extraNamespaces: 2,
      crds: {
        app: {
          kind: 'App',
          entry: ([ns1, ns2]) => ({
            namespaces: [ns1, ns2],
            // One worker takes the CRs in the order they were created: the outsider comes first, so
            // a box that watched it would have finished it before the other two are Ready.
            workers: 1,
            operatorBox: {
              onReconcile: {
                configMaps: [{ name: '{{ .metadata.name }}-config', data: { mode: '{{ .spec.mode }}' } }],
              },
            },
          }),
        },
      },
    });
    const [ns1 = '', ns2 = '', ns3 = ''] = op.namespaces;
    const app = op.crds['app']!;
    await app.in(ns3).create('outsider', { mode: 'blue' });
    await app.in(ns1).create('one', { mode: 'blue' });
    await app.in(ns2).create('two', { mode: 'blue' });

    for (const ns of [ns1, ns2]) {
      const name = ns === ns1 ? 'one' : 'two';
      const cr = await eventually(
        async () => {
          const got = await app.in(ns).get(name);
          return readyOf(got)?.status === 'True' ? got : undefined;
        },
        { what: `${ns}/${name} Ready`, timeoutMs: 60_000 },
      );
      assert.deepEqual(cr.metadata.finalizers, ['orkestra.orkspace.io/cleanup']);
      const child = await op.client.get<Obj>(`/api/v1/namespaces/${ns}/configmaps/${name}-config`);
      assert.equal(child.status, 200, `${ns}/${name}-config`);
    }

    const outsider = await app.in(ns3).get('outsider');
    assert.ok(outsider !== undefined);
    assert.equal(outsider.metadata.finalizers, undefined, 'no finalizer on the outsider');
    assert.equal(outsider.status, undefined, 'no status on the outsider');
    const children = await op.client.get<{ items: Obj[] }>(`/api/v1/namespaces/${ns3}/configmaps`);
    const names = children.body.items.map((o) => o.metadata.name);
    assert.ok(!names.includes('outsider-config'), names.join(', '));

    // The HTTP API shows only the CRs the box reconciles.
    const listed = await op.http('/katalog/app/cr');
    const items = listed.body['items'] as { namespace: string; name: string }[];
    assert.deepEqual(
      items.map((i) => `${i.namespace}/${i.name}`).sort(),
      [`${ns1}/one`, `${ns2}/two`].sort(),
    );

    // `ork render` of the same Katalog agrees on each CR.
    const crs = [
      { ns: ns1, name: 'one' },
      { ns: ns2, name: 'two' },
      { ns: ns3, name: 'outsider' },
    ].map(({ ns, name }): KubeObject => ({
      apiVersion: `${app.group}/v1`,
      kind: app.kind,
      metadata: { name, namespace: ns },
      spec: { mode: 'blue' },
    }));
    const report = await renderCustomResources({ ...op.loaded, crs });
    assert.deepEqual(
      report.results.map((r) => r.skipped !== undefined),
      [false, false, true],
    );
    assert.match(report.results[2]?.skipped ?? '', new RegExp(`namespace ${ns3} is not watched`));
  },
);
