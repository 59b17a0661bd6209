/**
 * The chart with Helm built from its Go module: `helm lint` is clean, and `helm template` of the
 * values for examples/01 gives exactly the bundle contract's objects (names, namespace, labels,
 * the runtime's Deployment), with the optional parts (leader election, webhooks, ServiceMonitor, a
 * Katalog from the user's ConfigMap) rendered only when asked.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { helm } from '../../harness/helm.ts';
import { CHART_DIR, HELLO_VALUES, objectKey, renderChart, type KubeObject } from './chart.ts';

const RELEASE = 'orkestra-website-operator';
const NS = 'orkestra-system';

const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const values = parse(await readFile(HELLO_VALUES, 'utf8')) as {
  katalog: string;
  crds: unknown[];
  rbac: { clusterRules: unknown[] };
};

interface Container {
  name: string;
  image: string;
  args: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: unknown;
  readinessProbe: unknown;
  resources: unknown;
  securityContext: unknown;
  volumeMounts: { name: string; mountPath: string }[];
}

interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  containers: Container[];
  volumes: { name: string; configMap?: { name: string; items?: unknown[] }; emptyDir?: object }[];
}

function find(objects: readonly KubeObject[], kind: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `one ${kind} among ${objects.map(objectKey).join(', ')}`);
  return found[0] as KubeObject;
}

function deploymentOf(objects: readonly KubeObject[]) {
  const spec = find(objects, 'Deployment')['spec'] as {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
  const container = spec.template.spec.containers[0] as Container;
  return { spec, pod: spec.template.spec, container };
}

describe('the Helm chart', () => {
  it('lints clean with the values of an example', async () => {
    const result = await helm(['lint', '--strict', CHART_DIR, '--values', HELLO_VALUES]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('refuses to render without a Katalog, naming the value', async () => {
    const result = await helm(['template', RELEASE, CHART_DIR]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /katalog is required/);
  });

  it('rejects values its schema does not know', async () => {
    const result = await helm(['template', RELEASE, CHART_DIR, '-f', HELLO_VALUES, '--set', 'replica=2']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /replica/);
  });

  it('renders exactly the bundle contract objects for examples/01', async () => {
    const objects = await renderChart(RELEASE, NS, [HELLO_VALUES]);
    assert.deepEqual(objects.map(objectKey).sort(), [
      `ClusterRole ${RELEASE}`,
      `ClusterRoleBinding ${RELEASE}`,
      `ConfigMap ${NS}/${RELEASE}-katalog`,
      'CustomResourceDefinition websites.demo.orkestra.io',
      `Deployment ${NS}/${RELEASE}`,
      `PodDisruptionBudget ${NS}/${RELEASE}`,
      `Service ${NS}/${RELEASE}`,
      `ServiceAccount ${NS}/${RELEASE}`,
    ]);
    for (const object of objects) {
      assert.deepEqual(
        object.metadata.labels,
        {
          'app.kubernetes.io/name': 'orkestra',
          'app.kubernetes.io/instance': RELEASE,
          'app.kubernetes.io/version': pkg.version,
          'app.kubernetes.io/managed-by': 'Helm',
          'helm.sh/chart': `orkestra-${pkg.version}`,
        },
        objectKey(object),
      );
    }
  });

  it('carries the Katalog, its CRDs and its rules from the values', async () => {
    const objects = await renderChart(RELEASE, NS, [HELLO_VALUES]);
    assert.deepEqual(find(objects, 'ConfigMap')['data'], { 'katalog.yaml': values.katalog });
    assert.deepEqual(find(objects, 'ClusterRole')['rules'], values.rbac.clusterRules);
    const binding = find(objects, 'ClusterRoleBinding');
    assert.deepEqual(binding['roleRef'], {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: RELEASE,
    });
    assert.deepEqual(binding['subjects'], [{ kind: 'ServiceAccount', name: RELEASE, namespace: NS }]);
    const crd = find(objects, 'CustomResourceDefinition');
    const { labels, ...metadata } = crd.metadata;
    assert.equal(labels?.['app.kubernetes.io/instance'], RELEASE);
    assert.deepEqual({ ...crd, metadata }, values.crds[0], 'the CRD as given, with the common labels');
  });

  it('runs the runtime as the contract says: image, args, probes, non-root, read-only, resources', async () => {
    const objects = await renderChart(RELEASE, NS, [HELLO_VALUES]);
    const { spec, pod, container } = deploymentOf(objects);
    assert.equal(spec.replicas, 1);
    assert.deepEqual(spec.selector.matchLabels, { 'app.kubernetes.io/instance': RELEASE });
    assert.equal(spec.template.metadata.labels['app.kubernetes.io/instance'], RELEASE);
    assert.equal(pod.serviceAccountName, RELEASE);
    assert.equal(pod.automountServiceAccountToken, true);
    assert.equal(container.name, 'orkestra');
    assert.equal(container.image, `ghcr.io/orkspace/orkestra:${pkg.version}`);
    assert.deepEqual(container.args, ['run', '-k', '/etc/orkestra/katalog.yaml']);
    assert.deepEqual(container.env, [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
    assert.deepEqual(container.ports, [{ name: 'http', containerPort: 8080 }]);
    assert.deepEqual(container.livenessProbe, { httpGet: { path: '/health', port: 'http' } });
    assert.deepEqual(container.readinessProbe, { httpGet: { path: '/ready', port: 'http' } });
    assert.deepEqual(container.securityContext, {
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(container.resources, {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '512Mi' },
    });
    assert.deepEqual(
      container.volumeMounts.map((m) => [m.name, m.mountPath]),
      [
        ['katalog', '/etc/orkestra'],
        ['tmp', '/tmp'],
      ],
    );
    assert.deepEqual(pod.volumes, [
      { name: 'katalog', configMap: { name: `${RELEASE}-katalog` } },
      { name: 'tmp', emptyDir: {} },
    ]);
    const service = find(objects, 'Service')['spec'];
    assert.deepEqual(service, {
      selector: { 'app.kubernetes.io/instance': RELEASE },
      ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
    });
    assert.deepEqual(find(objects, 'PodDisruptionBudget')['spec'], {
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/instance': RELEASE } },
    });
  });

  it('with leader election runs two replicas that elect a leader', async () => {
    const objects = await renderChart(RELEASE, NS, [HELLO_VALUES], ['leaderElection.enabled=true']);
    const { spec, container } = deploymentOf(objects);
    assert.equal(spec.replicas, 2);
    assert.deepEqual(container.args, ['run', '-k', '/etc/orkestra/katalog.yaml', '--leader-elect']);
    const three = await renderChart(
      RELEASE,
      NS,
      [HELLO_VALUES],
      ['leaderElection.enabled=true', 'replicas=3'],
    );
    assert.equal(deploymentOf(three).spec.replicas, 3);
  });

  it('with webhooks serves them on 9443 behind the Service port 443, registered on that Service', async () => {
    const objects = await renderChart(RELEASE, NS, [HELLO_VALUES], ['webhooks.enabled=true']);
    const { container } = deploymentOf(objects);
    assert.deepEqual(container.ports, [
      { name: 'http', containerPort: 8080 },
      { name: 'webhook', containerPort: 9443 },
    ]);
    assert.deepEqual(
      container.env.find((e) => e.name === 'ORKESTRA_SERVICE_NAME'),
      { name: 'ORKESTRA_SERVICE_NAME', value: RELEASE },
    );
    const service = find(objects, 'Service')['spec'] as { ports: unknown[] };
    assert.deepEqual(service.ports, [
      { name: 'http', port: 8080, targetPort: 'http' },
      { name: 'webhook', port: 443, targetPort: 'webhook' },
    ]);
  });

  it('renders a ServiceMonitor only when it is turned on', async () => {
    const off = await renderChart(RELEASE, NS, [HELLO_VALUES]);
    assert.equal(off.filter((o) => o.kind === 'ServiceMonitor').length, 0);
    const on = await renderChart(RELEASE, NS, [HELLO_VALUES], ['serviceMonitor.enabled=true']);
    const monitor = find(on, 'ServiceMonitor');
    assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
    assert.deepEqual(monitor['spec'], {
      selector: { matchLabels: { 'app.kubernetes.io/instance': RELEASE } },
      endpoints: [{ port: 'http', path: '/metrics' }],
    });
  });

  it('reads the Katalog from a ConfigMap of the user instead of rendering one', async () => {
    const objects = await renderChart(
      RELEASE,
      NS,
      [HELLO_VALUES],
      ['katalog=', 'katalogFrom.configMap=my-katalog', 'katalogFrom.key=website.yaml'],
    );
    assert.equal(objects.filter((o) => o.kind === 'ConfigMap').length, 0);
    const { pod, container } = deploymentOf(objects);
    assert.deepEqual(pod.volumes[0], {
      name: 'katalog',
      configMap: { name: 'my-katalog', items: [{ key: 'website.yaml', path: 'katalog.yaml' }] },
    });
    assert.deepEqual(container.args, ['run', '-k', '/etc/orkestra/katalog.yaml']);
  });

  it('puts namespaced rules in Roles of their namespaces', async () => {
    const objects = await renderChart(
      RELEASE,
      NS,
      [HELLO_VALUES],
      [
        'rbac.clusterRules=null',
        'rbac.namespaced[0].namespace=shop',
        'rbac.namespaced[0].rules[0].apiGroups[0]=apps',
        'rbac.namespaced[0].rules[0].resources[0]=deployments',
        'rbac.namespaced[0].rules[0].verbs[0]=get',
      ],
    );
    const keys = objects.map(objectKey);
    assert.ok(!keys.some((k) => k.startsWith('ClusterRole')), keys.join(', '));
    assert.deepEqual(find(objects, 'Role')['rules'], [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
    ]);
    const binding = find(objects, 'RoleBinding');
    assert.equal(binding.metadata.namespace, 'shop');
    assert.deepEqual(binding['subjects'], [{ kind: 'ServiceAccount', name: RELEASE, namespace: NS }]);
  });
});
