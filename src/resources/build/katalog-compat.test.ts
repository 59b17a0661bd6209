/**
 * The seam with the Katalog schema: its parsed types fit the entry shapes the builders read (checked by the
 * compiler through the `Fits` list below), and a parsed Katalog renders into the expected children.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Katalog } from '../../katalog/index.ts';
import type { OperatorBox } from '../../katalog/index.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import type {
  ConfigMapEntry,
  CronJobEntry,
  CustomEntry,
  HorizontalPodAutoscalerEntry,
  IngressEntry,
  JobEntry,
  NetworkPolicyEntry,
  PersistentVolumeClaimEntry,
  PodDisruptionBudgetEntry,
  ResourceGroupEntries,
  RoleBindingEntry,
  RoleEntry,
  SecretEntry,
  ServiceAccountEntry,
  ServiceEntry,
  WorkloadEntry,
} from './entry-types.ts';
import { renderDesiredChildren } from './render-group.ts';
import type { StatusSpec } from '../status/status-types.ts';

type Group = OperatorBox['onReconcile'];
type Entry<K extends keyof Group> = Group[K][number];
type Fits<A, B> = A extends B ? true : false;

/** Plain assignments: the compiler checks that parsed groups are resource groups. */
const asGroup = (group: Group): ResourceGroupEntries => group;
const asDeleteGroup = (group: OperatorBox['onDelete']): ResourceGroupEntries => group;
const asStatusSpec = (status: OperatorBox['status']): StatusSpec => status;

const schemaFits: [
  Fits<Entry<'deployments'>, WorkloadEntry>,
  Fits<Entry<'statefulSets'>, WorkloadEntry>,
  Fits<Entry<'daemonSets'>, WorkloadEntry>,
  Fits<Entry<'services'>, ServiceEntry>,
  Fits<Entry<'configMaps'>, ConfigMapEntry>,
  Fits<Entry<'secrets'>, SecretEntry>,
  Fits<Entry<'jobs'>, JobEntry>,
  Fits<Entry<'cronJobs'>, CronJobEntry>,
  Fits<Entry<'ingresses'>, IngressEntry>,
  Fits<Entry<'persistentVolumeClaims'>, PersistentVolumeClaimEntry>,
  Fits<Entry<'serviceAccounts'>, ServiceAccountEntry>,
  Fits<Entry<'roles'>, RoleEntry>,
  Fits<Entry<'roleBindings'>, RoleBindingEntry>,
  Fits<Entry<'horizontalPodAutoscalers'>, HorizontalPodAutoscalerEntry>,
  Fits<Entry<'podDisruptionBudgets'>, PodDisruptionBudgetEntry>,
  Fits<Entry<'networkPolicies'>, NetworkPolicyEntry>,
  Fits<Entry<'custom'>, CustomEntry>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];

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
    assert.equal(schemaFits.length, 17, 'every kind is checked against the schema by the compiler');
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
