/**
 * The chart renders the same objects as the bundle: for every example, `helm template` of the
 * values that `ork generate bundle --helm-values` prints equals `ork generate bundle`, object by
 * object, once the differences the contract allows are removed (the managed-by label, Helm's chart
 * label, and the bundle's Namespace, which the chart does not create). The chart's RBAC comes from
 * the same generator, so the two cannot disagree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { examplePath, listExamples } from '../../examples/example-files.ts';
import { ork } from '../../harness/ork-cli.ts';
import { comparableObjects, parseObjects, renderChart, tempFile, type KubeObject } from './chart.ts';

const NS = 'orkestra-system';

/** `ork generate bundle` of a Katalog, and its `--helm-values`, both for namespace NS. */
async function generated(
  katalog: string,
  flags: readonly string[] = [],
): Promise<{ bundle: KubeObject[]; values: string }> {
  const bundle = await ork(['generate', 'bundle', '-k', katalog, '--namespace', NS, ...flags]);
  assert.equal(bundle.code, 0, bundle.err);
  const values = await ork([
    'generate',
    'bundle',
    '-k',
    katalog,
    '--namespace',
    NS,
    ...flags,
    '--helm-values',
  ]);
  assert.equal(values.code, 0, values.err);
  return { bundle: parseObjects(bundle.out), values: values.out };
}

/** The Katalog's name, from the values' Katalog stream (the release is `orkestra-<name>`). */
function katalogName(values: string): string {
  const { katalog } = parse(values) as { katalog: string };
  const name = parseObjects(katalog).find((o) => o.kind === 'Katalog')?.metadata.name;
  assert.ok(name, 'the values carry the Katalog');
  return name;
}

/** Asserts the chart's objects equal the bundle's, reporting the first object that differs by name. */
function assertSameObjects(chart: readonly KubeObject[], bundle: readonly KubeObject[]): void {
  const fromChart = comparableObjects(chart);
  const fromBundle = comparableObjects(bundle);
  assert.deepEqual([...fromChart.keys()].sort(), [...fromBundle.keys()].sort(), 'the same objects');
  for (const [key, object] of fromBundle) assert.deepEqual(fromChart.get(key), object, key);
}

describe('the chart renders the same objects as the bundle', () => {
  for (const example of listExamples()) {
    it(example, async () => {
      const { bundle, values } = await generated(examplePath(example, 'katalog.yaml'));
      const release = `orkestra-${katalogName(values)}`;
      const chart = await renderChart(release, NS, [await tempFile('values.yaml', values)]);
      assertSameObjects(chart, bundle);
    });
  }

  it('with webhooks (the webhook port, the Service name the runtime registers, their rules)', async () => {
    const katalog = await tempFile(
      'katalog.yaml',
      `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: guarded}
spec:
  crds:
    site:
      apiTypes: {group: guarded.demo.io, version: v1, kind: Site, plural: sites}
      validation:
        rules: [{field: spec.replicas, lessThan: 5, message: too many}]
security:
  webhooks:
    admission: {enabled: true}
  deletionProtection: {enabled: true}
`,
    );
    const { bundle, values } = await generated(katalog);
    assert.ok(
      bundle.some((o) => o.kind === 'Service' && JSON.stringify(o).includes('"webhook"')),
      'the bundle serves the webhooks',
    );
    const chart = await renderChart('orkestra-guarded', NS, [await tempFile('values.yaml', values)]);
    assertSameObjects(chart, bundle);
  });

  it('with leader election (two replicas, --leader-elect, the Lease rules)', async () => {
    const katalog = examplePath('01-hello-website', 'katalog.yaml');
    const { bundle, values } = await generated(katalog, ['--leader-elect']);
    const chart = await renderChart(`orkestra-${katalogName(values)}`, NS, [
      await tempFile('values.yaml', values),
    ]);
    assertSameObjects(chart, bundle);
  });
});
