/** The seam between the Katalog and the builders: a parsed Katalog renders into the expected children. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Katalog } from '../katalog/index.ts';
import type { OperatorBox } from '../katalog/index.ts';
import { fakeRender } from '../resources/testing/fake-render.ts';
import { websiteData, websiteOrigin } from '../resources/testing/fixtures.ts';
import { renderDesiredChildren, type ResourceGroupEntries, type StatusSpec } from '../resources/index.ts';

type Group = OperatorBox['onReconcile'];

/** Plain assignments: the compiler checks that parsed groups are resource groups. */
const asGroup = (group: Group): ResourceGroupEntries => group;
const asDeleteGroup = (group: OperatorBox['onDelete']): ResourceGroupEntries => group;
const asStatusSpec = (status: OperatorBox['status']): StatusSpec => status;

const seed = {
  apiVersion: 'orkestra.orkspace.io/v1',
  kind: 'Katalog',
  metadata: { name: 'website-operator' },
  spec: {
    crds: {
      website: {
        apiTypes: { group: 'demo.orkestra.io', version: 'v1alpha1', kind: 'Website', plural: 'websites' },
        operatorBox: {
          onCreate: {
            deployments: [
              {
                name: '{{ .metadata.name }}',
                image: '{{ .spec.image }}',
                replicas: '{{ .spec.replicas }}',
                reconcile: true,
              },
            ],
            services: [
              { name: '{{ .metadata.name }}', port: 80, targetPort: '{{ .spec.port }}', reconcile: true },
            ],
          },
        },
      },
    },
  },
};

describe('the Katalog schema seam', () => {
  it('renders the seed Katalog, parsed by the schema, into an enforced Deployment and Service', () => {
    const box = Katalog.parse(seed).spec.crds['website']?.operatorBox;
    assert.ok(box);
    assert.deepEqual(asGroup(box.onReconcile)['deployments'], []);
    assert.deepEqual(asDeleteGroup(box.onDelete)['groups'], []);
    assert.deepEqual(asStatusSpec(box.status), { conditions: true, fields: [] });
    const children = renderDesiredChildren(box, {
      data: websiteData,
      render: fakeRender,
      origin: websiteOrigin,
    });
    assert.deepEqual(
      children.map((child) => [child.manifest.kind, child.manifest.metadata?.name, child.mode]),
      [
        ['Deployment', 'shop', 'enforce'],
        ['Service', 'shop', 'enforce'],
      ],
    );
    const service = children[1]?.manifest['spec'] as { ports: unknown[] };
    assert.deepEqual(service.ports, [{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });
});
