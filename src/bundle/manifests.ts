/**
 * The objects of `ork generate bundle`, in apply order: the namespace, the Katalog's CRDs, the
 * runtime's ServiceAccount and its (Cluster)Roles and bindings, the Katalog as a ConfigMap, the
 * Deployment that runs `ork run`, its Service and its PodDisruptionBudget. The Helm chart renders
 * the same objects from the values `ork generate bundle --helm-values` prints.
 */
import type { Permissions, PolicyRule } from './types.ts';

/** A Kubernetes object as the bundle writes it. */
export interface BundleObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** What the bundle is made of. */
export interface BundleInput {
  /** The Katalog's metadata.name (several documents: their names joined by `+`). */
  katalogName: string;
  /** The Katalog file(s) as one YAML stream, as the runtime will read it. */
  katalogYaml: string;
  /** The Katalog's CRDs (`ork generate crd`'s objects). */
  crds: readonly Record<string, unknown>[];
  /** `requiredPermissions` of the same Katalog and settings. */
  permissions: Permissions;
  /** The install namespace. */
  namespace: string;
  /** The product's version: labels, and the image tag by default. */
  version: string;
  /** @default ghcr.io/orkspace/orkestra:<version> */
  image?: string | undefined;
  /** @default 1, or 2 with leader election */
  replicas?: number | undefined;
  leaderElection: boolean;
  /** The Katalog's security serves webhooks (admission, conversion or a protection). */
  webhooks: boolean;
}

/** The default install namespace. */
export const DEFAULT_NAMESPACE = 'orkestra-system';
/** Where the image is published. */
export const IMAGE_REPOSITORY = 'ghcr.io/orkspace/orkestra';
const HTTP_PORT = 8080;
const WEBHOOK_PORT = 9443;
const KATALOG_DIR = '/etc/orkestra';
const RBAC = 'rbac.authorization.k8s.io/v1';

/** The release name of a Katalog's runtime: `orkestra-<katalog>`, a valid object name. */
export function releaseName(katalogName: string): string {
  const name = katalogName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `orkestra-${name === '' ? 'katalog' : name}`.slice(0, 63).replace(/-+$/, '');
}

/** Every object of the bundle, in apply order. */
export function bundleManifests(input: BundleInput): BundleObject[] {
  const r = releaseName(input.katalogName);
  const meta = metadataOf(r, input);
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: input.namespace, labels: meta(r).labels } },
    ...input.crds.map((crd) => withLabels(crd, meta(r).labels)),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(r, input.namespace) },
    ...rbacObjects(r, input, meta),
    configMap(r, input, meta),
    deployment(r, input, meta),
    service(r, input, meta),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(r, input.namespace),
      // one at a time, whatever the replicas: a single replica can still be drained
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(r) } },
    },
  ];
}

type Meta = (name: string, namespace?: string) => BundleObject['metadata'];

function metadataOf(r: string, input: BundleInput): Meta {
  const labels = {
    'app.kubernetes.io/name': 'orkestra',
    'app.kubernetes.io/instance': r,
    'app.kubernetes.io/version': input.version,
    'app.kubernetes.io/managed-by': 'orkestra-bundle',
  };
  return (name, namespace) => ({ name, ...(namespace === undefined ? {} : { namespace }), labels });
}

function selectorOf(r: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': r };
}

function withLabels(crd: Record<string, unknown>, labels: Record<string, string> | undefined): BundleObject {
  const object = crd as unknown as BundleObject;
  return { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, ...labels } } };
}

/** A rule as Kubernetes stores it: only its own fields. */
function plainRule(rule: PolicyRule): PolicyRule {
  const out: PolicyRule = {
    apiGroups: [...rule.apiGroups],
    resources: [...rule.resources],
    verbs: [...rule.verbs],
  };
  if (rule.resourceNames !== undefined) out.resourceNames = [...rule.resourceNames];
  return out;
}

function rbacObjects(r: string, input: BundleInput, meta: Meta): BundleObject[] {
  const subjects = [{ kind: 'ServiceAccount', name: r, namespace: input.namespace }];
  const { cluster, namespaced } = input.permissions;
  const clusterWide: BundleObject[] =
    cluster.length === 0
      ? []
      : [
          { apiVersion: RBAC, kind: 'ClusterRole', metadata: meta(r), rules: cluster.map(plainRule) },
          {
            apiVersion: RBAC,
            kind: 'ClusterRoleBinding',
            metadata: meta(r),
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: r },
            subjects,
          },
        ];
  const perNamespace = namespaced.flatMap(({ namespace, rules }): BundleObject[] => [
    { apiVersion: RBAC, kind: 'Role', metadata: meta(r, namespace), rules: rules.map(plainRule) },
    {
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata: meta(r, namespace),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: r },
      subjects,
    },
  ]);
  return [...clusterWide, ...perNamespace];
}

function configMap(r: string, input: BundleInput, meta: Meta): BundleObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(`${r}-katalog`, input.namespace),
    data: { 'katalog.yaml': input.katalogYaml },
  };
}

function ports(webhooks: boolean) {
  const http = { name: 'http', containerPort: HTTP_PORT };
  return webhooks ? [http, { name: 'webhook', containerPort: WEBHOOK_PORT }] : [http];
}

function container(r: string, input: BundleInput) {
  const args = [
    'run',
    '-k',
    `${KATALOG_DIR}/katalog.yaml`,
    ...(input.leaderElection ? ['--leader-elect'] : []),
  ];
  const env = [
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    // the webhook configurations point the API server at this Service (app/run/run-webhooks.ts)
    ...(input.webhooks ? [{ name: 'ORKESTRA_SERVICE_NAME', value: r }] : []),
  ];
  const probe = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    name: 'orkestra',
    image: input.image ?? `${IMAGE_REPOSITORY}:${input.version}`,
    args,
    env,
    ports: ports(input.webhooks),
    livenessProbe: probe('/health'),
    readinessProbe: probe('/ready'),
    // An idle `ork run` of 15 CRDs holds ~63 MB and a 1,000-CR burst settles back to a ~21 MB heap
    // (docs/architecture.md, "The operator process"; bench/): 128Mi requested leaves room for a
    // burst, 512Mi caps a runaway; the CPU request is what an idle resync loop needs, with no limit
    // so a burst is not throttled.
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [
      { name: 'katalog', mountPath: KATALOG_DIR, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

function deployment(r: string, input: BundleInput, meta: Meta): BundleObject {
  const metadata = meta(r, input.namespace);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: input.replicas ?? (input.leaderElection ? 2 : 1),
      selector: { matchLabels: selectorOf(r) },
      template: {
        metadata: { labels: metadata.labels },
        spec: {
          serviceAccountName: r,
          automountServiceAccountToken: true,
          containers: [container(r, input)],
          volumes: [
            { name: 'katalog', configMap: { name: `${r}-katalog` } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}

function service(r: string, input: BundleInput, meta: Meta): BundleObject {
  const http = { name: 'http', port: HTTP_PORT, targetPort: 'http' };
  const webhook = { name: 'webhook', port: 443, targetPort: 'webhook' };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(r, input.namespace),
    spec: { selector: selectorOf(r), ports: input.webhooks ? [http, webhook] : [http] },
  };
}
