/**
 * Every key of the Katalog schema is either honoured by the runtime or refused as not supported yet: a
 * key added to the schema fails this test until it is one of the two.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKatalog } from '../load/load-katalog.ts';
import { listSchemaKeys } from '../load/schema-keys.ts';
import { validateKatalog } from '../validate/validate-katalog.ts';
import { Katalog } from './katalog.ts';
import { notYetSupported } from './support.ts';

/**
 * The keys the runtime honours, by owner (a schema id, or a nested path), each proved by the tests of the
 * code that reads it. Keys below a refused key are refused with it and are not listed.
 */
const HONOURED: Readonly<Record<string, string>> = {
  Katalog:
    'apiVersion kind metadata metadata.name metadata.namespace metadata.description metadata.version spec spec.crds spec.limits notes security',
  Limits: 'templates maxChildren',
  TemplateLimits:
    'maxSteps maxOutputBytes maxValueBytes maxDepth maxValueDepth maxReconcileOutputBytes timeout',
  CrdEntry:
    'enabled description apiTypes crdFile crFiles workers resync queue namespaces labelSelector dependsOn normalize mutation validation conversion operatorBox',
  ApiTypes: 'group version kind plural scope',
  Queue: 'maxDepth failureThreshold retryBackoff retryBackoff.initial retryBackoff.max',
  Normalize: 'spec',
  Mutation: 'mutateFirst rules',
  Conversion: 'storageVersion paths',
  ConversionPath: 'from to spec',
  MutationRule: 'field default override valueType when or',
  Condition:
    'field operator value equals notEquals contains notContains prefix hasPrefix suffix hasSuffix notPrefix notSuffix regex exists notExists greaterThan lessThan greaterThanOrEqual lessThanOrEqual between in notIn',
  Validation: 'rules',
  ValidationRule:
    'field operator value equals notEquals contains notContains prefix hasPrefix suffix hasSuffix notPrefix notSuffix regex exists notExists greaterThan lessThan greaterThanOrEqual lessThanOrEqual between in notIn message action when or',
  OperatorBox:
    'default reconciler reconciler.workers reconciler.resync reconciler.queue reconciler.default onCreate onReconcile onDelete finalizers status status.conditions status.fields cross autoscale',
  Cross: 'crd selector selector.name selector.namespace selector.matchLabels as',
  Autoscale: 'interval cooldown conditions conditions.when conditions.or do do.workers do.queueDepth',
  ResourceGroup:
    'namespaces serviceAccounts roles roleBindings clusterRoles clusterRoleBindings secrets configMaps persistentVolumeClaims deployments statefulSets daemonSets services ingresses jobs cronJobs horizontalPodAutoscalers hpa podDisruptionBudgets pdb networkPolicies custom external',
  Namespace:
    'name namespace labels annotations when or reconcile forEach forEach.field forEach.as overrides forceConflicts',
  ServiceAccount:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts automountServiceAccountToken imagePullSecrets',
  Role: 'name namespace labels annotations when or reconcile forEach overrides forceConflicts rules',
  RoleBinding:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts roleRef roleRef.apiGroup roleRef.kind roleRef.name subjects',
  Secret:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts type data once rotateAfter tls tls.commonName tls.dnsNames tls.validFor tls.ca tls.ca.secretName',
  ConfigMap:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts data binaryData',
  PersistentVolumeClaim:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts storage accessModes storageClassName',
  Deployment:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts image command args env envFrom envFrom.configMapRef envFrom.configMapRef.name envFrom.configMapRef.prefix envFrom.configMapRef.optional envFrom.secretRef resources resources.requests resources.limits serviceAccountName nodeSelector tolerations securityContext volumes volumeMounts imagePullSecrets imagePullSecrets.name port ports ports.name ports.containerPort ports.protocol probes probes.liveness probes.readiness probes.startup replicas',
  EnvValue:
    'value secretKeyRef secretKeyRef.name secretKeyRef.key secretKeyRef.optional configMapKeyRef fieldRef fieldRef.fieldPath',
  StatefulSet:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts image command args env envFrom resources serviceAccountName nodeSelector tolerations securityContext volumes volumeMounts imagePullSecrets port ports probes replicas serviceName volumeClaimTemplates',
  DaemonSet:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts image command args env envFrom resources serviceAccountName nodeSelector tolerations securityContext volumes volumeMounts imagePullSecrets port ports probes',
  Service:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts type port targetPort ports ports.name ports.port ports.targetPort ports.protocol ports.nodePort selector headless',
  Ingress:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts ingressClassName host path pathType serviceName servicePort rules tls',
  Job: 'name namespace labels annotations when or reconcile forEach overrides forceConflicts image command args env envFrom resources serviceAccountName nodeSelector tolerations securityContext volumes volumeMounts imagePullSecrets backoffLimit ttlSecondsAfterFinished restartPolicy timeout',
  CronJob:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts image command args env envFrom resources serviceAccountName nodeSelector tolerations securityContext volumes volumeMounts imagePullSecrets backoffLimit ttlSecondsAfterFinished restartPolicy timeout schedule suspend concurrencyPolicy successfulJobsHistoryLimit failedJobsHistoryLimit startingDeadlineSeconds',
  HorizontalPodAutoscaler:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts target target.apiVersion target.kind target.name minReplicas maxReplicas targetCPUUtilizationPercentage metrics',
  PodDisruptionBudget:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts minAvailable maxUnavailable selector',
  NetworkPolicy:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts podSelector policyTypes ingress egress',
  Custom:
    'name namespace labels annotations when or reconcile forEach overrides forceConflicts apiVersion kind metadata spec',
  DeleteGroup:
    'namespaces serviceAccounts roles roleBindings clusterRoles clusterRoleBindings secrets configMaps persistentVolumeClaims deployments statefulSets daemonSets services ingresses jobs cronJobs horizontalPodAutoscalers hpa podDisruptionBudgets pdb networkPolicies custom external ordered groups timeout',
  DeleteStep:
    'namespaces serviceAccounts roles roleBindings clusterRoles clusterRoleBindings secrets configMaps persistentVolumeClaims deployments statefulSets daemonSets services ingresses jobs cronJobs horizontalPodAutoscalers hpa podDisruptionBudgets pdb networkPolicies custom external',
  StatusField: 'path value type when or',
  ExternalSecretHeader: 'secretKeyRef secretKeyRef.name secretKeyRef.key',
  External: 'name url method headers body expectedStatus timeout continueOnError cacheFor when or',
  Note: 'expression description',
  Security:
    'deletionProtection deletionProtection.enabled deletionProtection.cleanupOnShutdown namespaceProtection namespaceProtection.enabled namespaceProtection.restrictedNamespaces webhooks webhooks.admission webhooks.admission.enabled webhooks.admission.failurePolicy webhooks.conversion webhooks.conversion.enabled certificates certificates.validFor certificates.rotateBefore',
};

/** One use of every key not supported yet, with a value that is refused, and the schema key it is. */
const REFUSED_USES: readonly (readonly [schemaKey: string, yamlPath: string])[] = [
  ['Katalog.providers', 'providers'],
  ['OperatorBox.providers', 'spec.crds.a.operatorBox.providers'],
];

const EVERY_REFUSED_KEY = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    b:
      apiTypes: {group: demo.io, version: v1, kind: B}
    a:
      apiTypes: {group: demo.io, version: v1, kind: A}
      dependsOn: [b]
      mutation: {mutateFirst: false}
      operatorBox:
        cross: [{crd: b}]
        providers: {aws: [{s3: {bucket: x}}]}
providers: [{name: aws}]
security:
  deletionProtection: {enabled: true, cleanupOnShutdown: true}
  namespaceProtection: {enabled: true, restrictedNamespaces: [kube-system]}
  webhooks:
    admission: {enabled: true, failurePolicy: Ignore}
  certificates: {validFor: 90d, rotateBefore: 7d}
`;

async function validate(text: string) {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
  assert.ok(loaded.katalog, loaded.diagnostics[0]?.message);
  return validateKatalog(loaded.katalog);
}

const refusedHere = (d: { code: string; path: string; message: string }): string =>
  `${d.path === '' ? '' : `${d.path}.`}${/`([^`]+)`/.exec(d.message)?.[1] ?? '?'}`;

describe('the Katalog schema and the runtime', () => {
  it('every key of the schema is either honoured or refused as not supported yet', () => {
    const keys = listSchemaKeys(Katalog, (s) => notYetSupported.has(s));
    const honoured = new Set(
      Object.entries(HONOURED).flatMap(([owner, names]) => names.split(' ').map((n) => `${owner}.${n}`)),
    );
    const unclassified = keys.filter((k) => !notYetSupported.has(k.schema) && !honoured.has(k.name));
    assert.deepEqual(
      unclassified.map((k) => k.name),
      [],
      'a new key must be honoured by the runtime (and listed in HONOURED) or marked with notYet()',
    );
    const both = keys.filter((k) => notYetSupported.has(k.schema) && honoured.has(k.name));
    assert.deepEqual(
      both.map((k) => k.name),
      [],
      'a key marked not supported yet is listed as honoured',
    );
    const stale = [...honoured].filter((name) => !keys.some((k) => k.name === name));
    assert.deepEqual(stale, [], 'HONOURED lists keys the schema no longer has');
  });

  it('every key not supported yet is refused where it is written, with its position', async () => {
    const marked = listSchemaKeys(Katalog, (s) => notYetSupported.has(s))
      .filter((k) => notYetSupported.has(k.schema))
      .map((k) => k.name);
    assert.deepEqual(
      [...new Set(REFUSED_USES.map(([key]) => key))].sort(),
      [...marked].sort(),
      'REFUSED_USES must use each marked key',
    );
    const diagnostics = (await validate(EVERY_REFUSED_KEY)).filter((d) => d.code === 'not-supported-yet');
    assert.deepEqual(diagnostics.map(refusedHere).sort(), REFUSED_USES.map(([, path]) => path).sort());
    for (const d of diagnostics) {
      assert.equal(d.severity, 'error');
      assert.match(d.message, /is not supported yet \(.+§.+\); the runtime would ignore it$/);
      const [, path = ''] = REFUSED_USES.find(([, p]) => p === refusedHere(d)) ?? [];
      const key = path.split('.').pop() ?? '';
      const line = EVERY_REFUSED_KEY.split('\n')[d.line - 1] ?? '';
      assert.equal(line.slice(d.column - 1, d.column - 1 + key.length), key, `position of ${path}`);
    }
  });

  it('accepts the values of those keys that ask for nothing', async () => {
    const text = EVERY_REFUSED_KEY.replace(/dependsOn: \[b\]/, 'dependsOn: []')
      .replace('mutateFirst: false', 'mutateFirst: true')
      .replace(/cross: .*/, 'cross: []')
      .replace(/ {8}providers: .*\n/g, '')
      .replace(/\nproviders: .*/, '\nproviders: []')
      .replace(/\nsecurity:[^]*$/, '\nsecurity:\n  webhooks: {admission: {enabled: false}}\n');
    assert.deepEqual(await validate(text), []);
  });

  it("accepts the spec's cross example", async () => {
    const text = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    managed-database:
      apiTypes: {group: demo.io, version: v1, kind: Database}
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website}
      operatorBox:
        cross:
          - crd: managed-database
            selector: {name: "{{ .metadata.name }}-db"}
            as: db
        onCreate:
          deployments:
            - name: "{{ .metadata.name }}"
              image: nginx
              when: [{field: "{{ phase .cross.db }}", equals: Ready}]
`;
    assert.deepEqual(await validate(text), []);
  });
});
