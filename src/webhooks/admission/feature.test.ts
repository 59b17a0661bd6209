/**
 * The admission feature of a Katalog: off unless admission is enabled, a route per CRD and rule kind,
 * and configurations with one webhook per CRD scoped to exactly that CRD (CREATE and UPDATE, never
 * DELETE), the Katalog's failurePolicy, no validating webhook for a CRD that validates before mutating,
 * and a count and a latency per review.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import type { KubeObject } from '../../kube/index.ts';
import { RuntimeMetrics } from '../../observability/index.ts';
import { NO_SECURITY, type Plan, type SecurityPlan } from '../../plan/index.ts';
import { admissionFeature } from './feature.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: unit}
spec:
  crds:
    site:
      apiTypes: {group: demo.io, version: v1, kind: Site, plural: sites}
      namespaces: [team-a]
      mutation:
        rules: [{field: spec.replicas, default: "2"}]
      validation:
        rules: [{field: spec.replicas, lessThan: 5, message: too many}]
    db:
      apiTypes: {group: demo.io, version: v1, kind: Db, plural: dbs, scope: Cluster}
      mutation:
        mutateFirst: false
        rules: [{field: spec.size, default: small}]
      validation:
        rules: [{field: spec.size, exists: true, message: size is required}]
    plain:
      apiTypes: {group: demo.io, version: v1, kind: Plain, plural: plains}
    checked:
      apiTypes: {group: demo.io, version: v1, kind: Checked, plural: checkeds}
      mutation: {mutateFirst: false}
      validation:
        rules: [{field: spec.x, exists: true, message: x}]
`;

async function plans(): Promise<readonly Plan[]> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
  assert.ok(loaded.katalog !== undefined, loaded.diagnostics.map((d) => d.message).join('; '));
  return compileKatalog(loaded.katalog);
}

const security = (failurePolicy: 'Fail' | 'Ignore'): SecurityPlan => ({
  ...NO_SECURITY,
  webhooks: { ...NO_SECURITY.webhooks, admission: { enabled: true, failurePolicy } },
});

const context = {
  clientConfig: (path: string) => ({ url: `https://127.0.0.1:9443${path}` }),
  caBundle: 'Q0E=',
};

type Webhook = Record<string, unknown> & { name: string; rules: Record<string, unknown>[] };
const webhooksOf = (objects: readonly KubeObject[], kind: string): Webhook[] =>
  (objects.find((o) => o.kind === kind)?.['webhooks'] as Webhook[] | undefined) ?? [];

describe('the admission feature', () => {
  it('is off unless admission is enabled', async () => {
    assert.equal(
      admissionFeature({ katalogName: 'k', plans: await plans(), security: NO_SECURITY }),
      undefined,
    );
  });

  it('serves a route per CRD and rule kind; validation before mutation stays in /mutate', async () => {
    const feature = admissionFeature({ katalogName: 'k', plans: await plans(), security: security('Fail') });
    assert.ok(feature);
    assert.deepEqual([...feature.routes.keys()].sort(), [
      '/mutate/db',
      '/mutate/site',
      '/validate/checked',
      '/validate/site',
    ]);
  });

  it('registers one webhook per CRD, scoped to it, with the Katalog failurePolicy', async () => {
    const feature = admissionFeature({
      katalogName: 'shop',
      plans: await plans(),
      security: security('Ignore'),
    });
    const objects = feature?.registrations(context) ?? [];
    assert.deepEqual(
      objects.map((o) => [o.kind, o.metadata?.name]),
      [
        ['MutatingWebhookConfiguration', 'orkestra-shop-mutate'],
        ['ValidatingWebhookConfiguration', 'orkestra-shop-validate'],
      ],
    );
    const mutating = webhooksOf(objects, 'MutatingWebhookConfiguration');
    assert.deepEqual(
      mutating.map((w) => w.name),
      ['sites.demo.io', 'dbs.demo.io'],
    );
    const [site, db] = mutating;
    assert.deepEqual(site?.rules, [
      {
        apiGroups: ['demo.io'],
        apiVersions: ['*'],
        resources: ['sites'],
        operations: ['CREATE', 'UPDATE'],
        scope: 'Namespaced',
      },
    ]);
    assert.deepEqual(site['clientConfig'], { url: 'https://127.0.0.1:9443/mutate/site', caBundle: 'Q0E=' });
    assert.deepEqual(site['namespaceSelector'], {
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a'] }],
    });
    assert.equal(db?.rules[0]?.['scope'], 'Cluster');
    for (const webhook of mutating) {
      assert.equal(webhook['failurePolicy'], 'Ignore');
      assert.equal(webhook['sideEffects'], 'None');
      assert.equal(webhook['matchPolicy'], 'Equivalent');
      assert.deepEqual(webhook['admissionReviewVersions'], ['v1']);
      assert.equal(typeof webhook['timeoutSeconds'], 'number');
    }
    const validating = webhooksOf(objects, 'ValidatingWebhookConfiguration');
    // db validates before mutating, in /mutate: no validating webhook of its own
    assert.deepEqual(
      validating.map((w) => w.name),
      ['sites.demo.io', 'checkeds.demo.io'],
    );
  });

  it('counts each review by result and times it', async () => {
    const metrics = new RuntimeMetrics();
    const feature = admissionFeature({
      katalogName: 'k',
      plans: await plans(),
      security: security('Fail'),
      metrics,
    });
    const route = feature?.routes.get('/validate/site');
    assert.ok(route?.review === 'admission');
    const object = { apiVersion: 'demo.io/v1', kind: 'Site', metadata: { name: 'a' }, spec: { replicas: 9 } };
    const decision = await route.handle({
      uid: 'u',
      kind: { group: 'demo.io', version: 'v1', kind: 'Site' },
      resource: { group: 'demo.io', version: 'v1', resource: 'sites' },
      operation: 'CREATE',
      object,
    });
    assert.equal(decision.allowed, false);
    const text = await metrics.text();
    assert.match(
      text,
      /orkestra_admission_requests_total\{crd="site",webhook="validate",result="denied"\} 1/,
    );
    assert.match(text, /orkestra_admission_duration_seconds_count\{crd="site",webhook="validate"\} 1/);
  });
});
