import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RenderValueError } from '../errors.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import type { Manifest } from '../types.ts';
import { buildChild } from './build-child.ts';

const build = (group: string, entry: object, cluster = false): Manifest =>
  buildChild({
    group,
    entry,
    scope: { data: websiteData, render: fakeRender },
    origin: websiteOrigin,
    enforced: true,
    isClusterScoped: () => cluster,
  });
const spec = (manifest: Manifest): Record<string, unknown> => manifest['spec'] as Record<string, unknown>;
const podSpec = (manifest: Manifest): Record<string, unknown> =>
  (spec(manifest)['template'] as { spec: Record<string, unknown> }).spec;
const container = (manifest: Manifest): Record<string, unknown> =>
  (podSpec(manifest)['containers'] as Record<string, unknown>[])[0]!;

describe('workload builders', () => {
  it('fills the container and pod fields of a Deployment from the shorthand', () => {
    const manifest = build('deployments', {
      image: 'nginx',
      command: ['/bin/run'],
      args: ['--region', '{{ .spec.region }}'],
      ports: [{ name: 'http', containerPort: '{{ .spec.port }}', protocol: 'TCP' }],
      resources: { requests: { cpu: '500m', memory: '{{ .spec.replicas }}Gi' }, limits: { cpu: 1 } },
      probes: { readiness: { httpGet: { path: '/ready', port: '{{ .spec.port }}' } } },
      securityContext: { runAsNonRoot: true },
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      volumes: [{ name: 'data', emptyDir: {} }],
      serviceAccountName: '{{ .metadata.name }}-sa',
      nodeSelector: { zone: '{{ .spec.region }}' },
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      imagePullSecrets: ['regcred', { name: 'other' }],
    });
    assert.deepEqual(container(manifest), {
      name: 'shop',
      image: 'nginx',
      command: ['/bin/run'],
      args: ['--region', 'eu-west-1'],
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      resources: { requests: { cpu: '500m', memory: '3Gi' }, limits: { cpu: '1' } },
      readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
      securityContext: { runAsNonRoot: true },
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
    });
    assert.deepEqual(podSpec(manifest)['imagePullSecrets'], [{ name: 'regcred' }, { name: 'other' }]);
    assert.equal(podSpec(manifest)['serviceAccountName'], 'shop-sa');
    assert.deepEqual(podSpec(manifest)['nodeSelector'], { zone: 'eu-west-1' });
  });

  it('leaves replicas to the API default when the entry has none', () => {
    assert.equal('replicas' in spec(build('deployments', { image: 'nginx' })), false);
  });

  it('puts entry labels on the pod template too, under the selector labels', () => {
    const manifest = build('deployments', { image: 'nginx', labels: { team: 'web' } });
    const labels = (spec(manifest)['template'] as { metadata: { labels: Record<string, string> } }).metadata
      .labels;
    assert.deepEqual(labels, {
      team: 'web',
      'orkestra.orkspace.io/instance': 'shop',
      'orkestra.orkspace.io/workload': 'shop',
    });
  });

  it('rejects replicas that do not render to a whole number', () => {
    assert.throws(
      () => build('deployments', { image: 'nginx', replicas: '{{ .spec.region }}' }),
      (error: unknown) =>
        error instanceof RenderValueError &&
        error.field === 'replicas' &&
        error.template === '{{ .spec.region }}' &&
        error.value === 'eu-west-1',
    );
  });

  it('requires an image', () => {
    assert.throws(() => build('deployments', {}), /image/);
  });

  it('gives a StatefulSet its own name as serviceName and keeps volumeClaimTemplates', () => {
    const manifest = build('statefulSets', {
      image: 'postgres',
      replicas: 1,
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } },
      ],
    });
    assert.equal(manifest.kind, 'StatefulSet');
    assert.equal(spec(manifest)['serviceName'], 'shop');
    assert.equal((spec(manifest)['volumeClaimTemplates'] as unknown[]).length, 1);
  });

  it('builds a DaemonSet without replicas', () => {
    const manifest = build('daemonSets', { image: 'agent' });
    assert.equal(manifest.kind, 'DaemonSet');
    assert.deepEqual(Object.keys(spec(manifest)), ['selector', 'template']);
  });

  it('makes a dotted child name a valid container name', () => {
    assert.equal(container(build('deployments', { name: 'shop.v2', image: 'x' }))['name'], 'shop-v2');
  });
});

describe('env and envFrom', () => {
  it('turns the map form into the list form with values and key references', () => {
    const manifest = build('deployments', {
      image: 'app',
      env: {
        REGION: { value: '{{ .spec.region }}' },
        REPLICAS: '{{ .spec.replicas }}',
        DEBUG: false,
        PASSWORD: { secretKeyRef: { name: '{{ .metadata.name }}-creds', key: 'password' } },
        MODE: { configMapKeyRef: { name: 'cfg', key: 'mode', optional: true } },
        POD_NS: { fieldRef: { fieldPath: 'metadata.namespace' } },
      },
    });
    assert.deepEqual(container(manifest)['env'], [
      { name: 'REGION', value: 'eu-west-1' },
      { name: 'REPLICAS', value: '3' },
      { name: 'DEBUG', value: 'false' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-creds', key: 'password' } } },
      { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode', optional: true } } },
      { name: 'POD_NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
  });

  it('renders the Kubernetes list form and makes its values strings', () => {
    const manifest = build('jobs', {
      image: 'app',
      env: [
        { name: 'PORT', value: '{{ .spec.port }}' },
        { name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
    });
    assert.deepEqual(container(manifest)['env'], [
      { name: 'PORT', value: '8080' },
      { name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ]);
  });

  it('accepts envFrom as names or as objects with prefix and optional', () => {
    const manifest = build('deployments', {
      image: 'app',
      envFrom: [
        { configMapRef: '{{ .metadata.name }}-cfg' },
        { secretRef: { name: 'creds', prefix: 'DB_', optional: true } },
      ],
    });
    assert.deepEqual(container(manifest)['envFrom'], [
      { configMapRef: { name: 'shop-cfg' } },
      { secretRef: { name: 'creds', optional: true }, prefix: 'DB_' },
    ]);
  });
});

describe('service builder', () => {
  it('builds headless Services and named port lists with a custom selector', () => {
    const manifest = build('services', {
      headless: true,
      selector: { app: '{{ .metadata.name }}' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'metrics', port: '9090', protocol: 'TCP' },
      ],
    });
    assert.deepEqual(spec(manifest), {
      type: 'ClusterIP',
      clusterIP: 'None',
      selector: { app: 'shop' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ],
    });
  });

  it('renders a templated type and node ports', () => {
    const manifest = build('services', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] });
    assert.equal(spec(manifest)['type'], 'NodePort');
    assert.deepEqual(spec(manifest)['ports'], [
      { port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 },
    ]);
  });
});

describe('config builders', () => {
  it('renders ConfigMap data to strings', () => {
    const manifest = build('configMaps', { data: { region: '{{ .spec.region }}', replicas: 3, on: true } });
    assert.deepEqual(manifest['data'], { region: 'eu-west-1', replicas: '3', on: 'true' });
  });

  it('base64-encodes Secret data and keeps the type', () => {
    const manifest = build('secrets', { type: 'Opaque', data: { user: '{{ .metadata.name }}', pw: 'pä55' } });
    assert.deepEqual(manifest['data'], { user: 'c2hvcA==', pw: Buffer.from('pä55').toString('base64') });
    assert.equal(manifest['type'], 'Opaque');
  });
});

describe('job builders', () => {
  it('builds a Job with backoffLimit 3 and restartPolicy Never by default', () => {
    const manifest = build('jobs', {
      name: '{{ .metadata.name }}-build',
      image: 'builder',
      ttlSecondsAfterFinished: 600,
    });
    assert.equal(spec(manifest)['backoffLimit'], 3);
    assert.equal(spec(manifest)['ttlSecondsAfterFinished'], 600);
    assert.equal(podSpec(manifest)['restartPolicy'], 'Never');
    const labels = (spec(manifest)['template'] as { metadata: { labels: object } }).metadata.labels;
    assert.deepEqual(labels, { 'orkestra.orkspace.io/instance': 'shop' });
  });

  it('builds a CronJob around the same Job template', () => {
    const manifest = build('cronJobs', {
      schedule: '*/5 * * * *',
      image: 'backup',
      suspend: 'false',
    });
    const cron = spec(manifest);
    assert.equal(cron['schedule'], '*/5 * * * *');
    assert.equal(cron['suspend'], false);
    assert.equal(cron['concurrencyPolicy'], 'Allow');
    assert.equal(cron['successfulJobsHistoryLimit'], 3);
    assert.equal(cron['failedJobsHistoryLimit'], 1);
    const jobSpec = (cron['jobTemplate'] as { spec: Record<string, unknown> }).spec;
    assert.equal(jobSpec['backoffLimit'], 3);
  });

  it('requires a CronJob schedule and a boolean suspend', () => {
    assert.throws(() => build('cronJobs', { image: 'x' }), /schedule/);
    assert.throws(
      () => build('cronJobs', { image: 'x', schedule: '@daily', suspend: '{{ .spec.region }}' }),
      /suspend/,
    );
  });
});

describe('networking, availability and storage builders', () => {
  it('builds an Ingress from the host/path shorthand', () => {
    const manifest = build('ingresses', {
      host: '{{ .metadata.name }}.example.com',
      ingressClassName: 'nginx',
    });
    assert.deepEqual(spec(manifest), {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } },
            ],
          },
        },
      ],
    });
  });

  it('uses a named backend port and passes full rules through', () => {
    const named = build('ingresses', { servicePort: 'http' });
    const rules = spec(named)['rules'] as {
      http: { paths: { backend: { service: { port: unknown } } }[] };
    }[];
    assert.deepEqual(rules[0]?.http.paths[0]?.backend.service.port, { name: 'http' });
    const full = build('ingresses', { rules: [{ host: 'a' }], tls: [{ hosts: ['a'], secretName: 'tls' }] });
    assert.deepEqual(spec(full)['rules'], [{ host: 'a' }]);
  });

  it('selects the CR pods by default in NetworkPolicies and PodDisruptionBudgets', () => {
    const policy = build('networkPolicies', { policyTypes: ['Ingress'], ingress: [{ from: [] }] });
    assert.deepEqual(spec(policy)['podSelector'], {
      matchLabels: { 'orkestra.orkspace.io/instance': 'shop' },
    });
    const pdb = build('podDisruptionBudgets', { maxUnavailable: '50%' });
    assert.deepEqual(spec(pdb), {
      maxUnavailable: '50%',
      selector: { matchLabels: { 'orkestra.orkspace.io/instance': 'shop' } },
    });
  });

  it('builds an HPA with a CPU target against the Deployment of the same name', () => {
    const manifest = build('horizontalPodAutoscalers', {
      maxReplicas: '{{ .spec.replicas }}',
      targetCPUUtilizationPercentage: 70,
    });
    assert.equal(manifest.apiVersion, 'autoscaling/v2');
    assert.deepEqual(spec(manifest), {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    });
  });

  it('builds a PersistentVolumeClaim', () => {
    const manifest = build('persistentVolumeClaims', { storage: '10Gi', storageClassName: 'fast' });
    assert.deepEqual(spec(manifest), {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
      storageClassName: 'fast',
    });
  });
});

describe('rbac and namespace builders', () => {
  it('builds a ServiceAccount, a Role and a RoleBinding whose ServiceAccount subject gets the namespace', () => {
    const account = build('serviceAccounts', {
      automountServiceAccountToken: false,
      imagePullSecrets: ['reg'],
    });
    assert.deepEqual(account['imagePullSecrets'], [{ name: 'reg' }]);
    assert.equal(account['automountServiceAccountToken'], false);
    const role = build('roles', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    assert.equal(role.apiVersion, 'rbac.authorization.k8s.io/v1');
    const binding = build('roleBindings', {
      roleRef: { kind: 'Role', name: '{{ .metadata.name }}' },
      subjects: [
        { kind: 'ServiceAccount', name: 'shop' },
        { kind: 'User', name: 'ann' },
      ],
    });
    assert.deepEqual(binding['roleRef'], {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'shop',
    });
    assert.deepEqual(binding['subjects'], [
      { kind: 'ServiceAccount', name: 'shop', namespace: 'web' },
      { kind: 'User', name: 'ann' },
    ]);
  });

  it('builds cluster-scoped Namespaces and ClusterRoleBindings without a namespace', () => {
    const ns = build('namespaces', { name: '{{ .metadata.name }}-env' });
    assert.deepEqual(Object.keys(ns), ['apiVersion', 'kind', 'metadata']);
    assert.equal(ns.metadata?.namespace, undefined);
    const binding = build('clusterRoleBindings', {
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'shop' }],
    });
    assert.equal(binding.metadata?.namespace, undefined);
    assert.deepEqual(binding['subjects'], [{ kind: 'ServiceAccount', name: 'shop', namespace: 'web' }]);
  });
});

describe('custom builder', () => {
  it('templates the whole body recursively and merges its metadata', () => {
    const manifest = build('custom', {
      apiVersion: 'example.io/v1',
      kind: 'Widget',
      name: '{{ .metadata.name }}-w',
      metadata: { labels: { color: 'blue' }, annotations: { a: '{{ .spec.region }}' } },
      spec: { size: '{{ .spec.replicas }}', nested: [{ image: '{{ .spec.image }}' }] },
      data: { raw: 'x' },
      reconcile: true,
      when: [],
    });
    assert.equal(manifest.apiVersion, 'example.io/v1');
    assert.equal(manifest.kind, 'Widget');
    assert.equal(manifest.metadata?.labels?.['color'], 'blue');
    assert.equal(manifest.metadata.annotations!['a'], 'eu-west-1');
    assert.deepEqual(manifest['spec'], { size: 3, nested: [{ image: 'nginx:1.27' }] });
    assert.deepEqual(manifest['data'], { raw: 'x' });
    assert.equal('reconcile' in manifest, false);
  });

  it('asks the scope lookup whether a custom kind is cluster-scoped', () => {
    const manifest = build('custom', { apiVersion: 'example.io/v1', kind: 'Tenant' }, true);
    assert.equal(manifest.metadata?.namespace, undefined);
    assert.equal(manifest.metadata?.ownerReferences, undefined);
  });
});
