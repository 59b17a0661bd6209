/**
 * The chart installed into the real control plane with Helm built from its Go module: every object
 * lands, the Deployment becomes Available on the KWOK fake nodes (they run no containers, so the
 * image need not exist), and `helm uninstall` removes the release, cluster-scoped objects included.
 *
 * The dev cluster is shared, so the example's Katalog and CRD are renamed into a throwaway name and
 * group: the release never adopts nor deletes the websites CRD that other tests use.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { helm, helmOk } from '../../harness/helm.ts';
import { CHART_DIR, HELLO_VALUES, objectKey, parseObjects, tempFile, type KubeObject } from './chart.ts';

after(closeTestCluster);

interface Condition {
  type: string;
  status: string;
}

/** The hello-website values under a Katalog name and CRD group of this test only. */
async function throwawayValues(): Promise<{ file: string; katalog: string; group: string }> {
  const suffix = randomBytes(3).toString('hex');
  const katalog = `website-operator-${suffix}`;
  const group = `h${suffix}.demo.orkestra.io`;
  const text = (await readFile(HELLO_VALUES, 'utf8'))
    .replaceAll('website-operator', katalog)
    .replaceAll('demo.orkestra.io', group);
  return { file: await tempFile('values.yaml', text), katalog, group };
}

/** The API path of an object of the chart. */
function pathOf(object: KubeObject): string {
  const { name, namespace } = object.metadata;
  const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const plural = `${object.kind.toLowerCase()}s`; // true of every kind the chart renders
  return `${base}${namespace === undefined ? '' : `/namespaces/${namespace}`}/${plural}/${name}`;
}

/** Deletes what the release left cluster-wide if the test failed before `helm uninstall` did. */
function cleanUpClusterScoped(t: TestContext, objects: () => readonly KubeObject[]): void {
  t.after(async () => {
    for (const object of objects()) {
      if (object.metadata.namespace === undefined) await testCluster().delete(pathOf(object));
    }
  });
}

describe('the Helm chart in the dev cluster', () => {
  it('installs examples/01 and its Deployment becomes available on the fake nodes', async (t) => {
    const ns = await testNamespace(t);
    const { file, katalog } = await throwawayValues();
    const release = `orkestra-${katalog}`;
    const objects = parseObjects(await helmOk(['template', release, CHART_DIR, '-n', ns, '-f', file]));
    let installed = false;
    cleanUpClusterScoped(t, () => objects);
    t.after(async () => {
      if (installed) await helm(['uninstall', release, '-n', ns, '--wait']);
    });

    const output = await helmOk(['install', release, CHART_DIR, '-n', ns, '-f', file]);
    installed = true;
    assert.match(output, new RegExp(`rollout status deployment/${release}`), 'prints its NOTES');

    for (const object of objects) {
      const res = await testCluster().get<KubeObject>(pathOf(object));
      assert.equal(res.status, 200, `${objectKey(object)} exists (${pathOf(object)})`);
      assert.equal(res.body.metadata.labels?.['app.kubernetes.io/instance'], release, objectKey(object));
    }
    const deployment = `/apis/apps/v1/namespaces/${ns}/deployments/${release}`;
    await eventually(
      async () => {
        const res = await testCluster().get<{ status?: { conditions?: Condition[] } }>(deployment);
        const available = res.body.status?.conditions?.find((c) => c.type === 'Available');
        return available?.status === 'True';
      },
      { timeoutMs: 90_000, what: `Deployment ${release} Available` },
    );
    const status = await helmOk(['status', release, '-n', ns]);
    assert.match(status, /STATUS: deployed/);

    await helmOk(['uninstall', release, '-n', ns, '--wait']);
    installed = false;
    for (const object of objects.filter((o) => o.metadata.namespace === undefined)) {
      await eventually(async () => (await testCluster().get(pathOf(object))).status === 404, {
        what: `${objectKey(object)} deleted by helm uninstall`,
      });
    }
  });
});
