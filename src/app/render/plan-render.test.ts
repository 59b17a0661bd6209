/**
 * The seam between the compiler and the builders: a Katalog compiled into Plans renders into the expected
 * children from the Plan alone, and so does the same Plan after a trip through JSON (how `ork run` hands
 * Plans from the Katalog child process to the operator process).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import type { Plan } from '../../plan/index.ts';
import { fakeRender } from '../../resources/testing/fake-render.ts';
import { websiteData, websiteOrigin } from '../../resources/testing/fixtures.ts';
import { renderDesiredChildren, renderGroup, type StatusSpec } from '../../resources/index.ts';

/** A plain assignment: the compiler checks that a Plan's status is what status rendering reads. */
const asStatusSpec = (status: Plan['status']): StatusSpec => status;

const SEED = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: website-operator}
spec:
  crds:
    website:
      apiTypes: {group: demo.orkestra.io, version: v1alpha1, kind: Website, plural: websites}
      operatorBox:
        onCreate:
          services:
            - {name: "{{ .metadata.name }}", port: 80, targetPort: "{{ .spec.port }}", reconcile: true}
          deployments:
            - name: "{{ .metadata.name }}"
              image: "{{ .spec.image }}"
              replicas: "{{ .spec.replicas }}"
              reconcile: true
          configMaps:
            - {name: skipped, when: [{field: spec.environment, hasPrefix: dev}]}
            - {name: kept, when: [{field: spec.region, exists: true}]}
        onDelete:
          ordered: true
          groups:
            - jobs: [{name: drain, image: busybox}]
`;

async function compile(): Promise<Plan> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(SEED) });
  assert.ok(loaded.katalog, loaded.diagnostics[0]?.message);
  const plan = compileKatalog(loaded.katalog)[0];
  assert.ok(plan);
  return plan;
}

const request = { data: websiteData, render: fakeRender, origin: websiteOrigin };
const summary = (children: ReturnType<typeof renderDesiredChildren>) =>
  children.map((child) => [child.manifest.kind, child.manifest.metadata?.name, child.mode, child.entry]);

describe('a compiled Plan rendered by the builders', () => {
  it('renders its hooks in apply order, with the compiled conditions of each entry', async () => {
    const plan = await compile();
    assert.deepEqual(asStatusSpec(plan.status), { conditions: true, fields: [] });
    const children = renderDesiredChildren(plan.hooks, request);
    assert.deepEqual(summary(children), [
      ['ConfigMap', 'kept', 'createOnly', 'onCreate.configMaps[1]'],
      ['Deployment', 'shop', 'enforce', 'onCreate.deployments[0]'],
      ['Service', 'shop', 'enforce', 'onCreate.services[0]'],
    ]);
    const service = children[2]?.manifest['spec'] as { ports: unknown[] };
    assert.deepEqual(service.ports, [{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  it('renders the same children after a trip through JSON', async () => {
    const plan = await compile();
    const shipped = JSON.parse(JSON.stringify(plan)) as Plan;
    assert.deepEqual(
      summary(renderDesiredChildren(shipped.hooks, request)),
      summary(renderDesiredChildren(plan.hooks, request)),
    );
    const [drain] = renderGroup({ ...request, hook: 'onDelete', group: shipped.hooks.onDelete.groups[0]! });
    assert.equal(drain?.manifest.kind, 'Job');
  });
});
