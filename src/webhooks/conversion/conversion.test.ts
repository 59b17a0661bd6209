import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import type { KubeObject } from '../../kube/index.ts';
import { RuntimeMetrics } from '../../observability/index.ts';
import { NO_SECURITY, type Plan } from '../../plan/index.ts';
import type { ConversionHandler, ConversionOutcome, WebhookRoute } from '../reviews.ts';
import { ConversionChains } from './chains.ts';
import { conversionFeature } from './conversion-feature.ts';
import { liveCrdProblems } from './live-crd.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: demo}
spec:
  crds:
    backups:
      apiTypes: {group: demo.io, version: v1, kind: Backup}
      conversion:
        storageVersion: v1
        paths:
          - from: v1
            to: v2
            spec: {schedule: "{{ cronToMap .spec.schedule }}"}
          - from: v2
            to: v1
            spec: {schedule: "{{ cronFromMap .spec.schedule }}"}
          - from: v2
            to: v3
            spec: {sizeMi: "{{ mul .spec.sizeMi 1024 }}", tier: "{{ upper .spec.tier }}", "retention.days": "{{ .spec.keep }}"}
          - from: v3
            to: v2
            spec: {sizeMi: "{{ div .spec.sizeMi 1024 }}", tier: "{{ lower .spec.tier }}"}
`;

const ON = { ...NO_SECURITY, webhooks: { ...NO_SECURITY.webhooks, conversion: { enabled: true } } };

async function plansOf(text: string): Promise<readonly Plan[]> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
  assert.ok(loaded.katalog !== undefined, JSON.stringify(loaded.diagnostics));
  return compileKatalog(loaded.katalog, {});
}

async function handlerOf(metrics?: RuntimeMetrics): Promise<ConversionHandler> {
  const feature = conversionFeature({
    plans: await plansOf(KATALOG),
    security: ON,
    metrics,
  });
  const route: WebhookRoute | undefined = feature?.routes.get('/convert/backups');
  assert.ok(route?.review === 'conversion');
  return route.handle;
}

const v1Object: KubeObject = {
  apiVersion: 'demo.io/v1',
  kind: 'Backup',
  metadata: { name: 'nightly', namespace: 'ops', uid: 'u-1', labels: { team: 'a' } },
  spec: { schedule: '5 4 * * *', sizeMi: 2, tier: 'gold', keep: 7 },
  status: { phase: 'Ready' },
};

async function convert(handle: ConversionHandler, objects: KubeObject[], to: string) {
  const outcome: ConversionOutcome = await handle({ uid: 'r', desiredAPIVersion: `demo.io/${to}`, objects });
  return outcome;
}

function converted(outcome: ConversionOutcome): KubeObject[] {
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  return [...outcome.convertedObjects];
}

/** The one object converted. */
function only(outcome: ConversionOutcome): KubeObject {
  const [object, ...rest] = converted(outcome);
  assert.ok(object !== undefined && rest.length === 0);
  return object;
}

function failure(outcome: ConversionOutcome): string {
  assert.ok(!outcome.ok, 'the review should fail');
  return outcome.message;
}

const path = (from: string, to: string) => ({ from, to, spec: {} });

test('chains: a direct path, the shortest chain otherwise, both ways, none when unreachable', () => {
  const chains = new ConversionChains([
    path('v1', 'v2'),
    path('v2', 'v3'),
    path('v3', 'v4'),
    path('v1', 'v3'),
    path('v4', 'v1'),
  ]);
  const hops = (from: string, to: string) => chains.chain(from, to)?.map((p) => `${p.from}→${p.to}`);
  assert.deepEqual(hops('v1', 'v2'), ['v1→v2']);
  assert.deepEqual(hops('v1', 'v3'), ['v1→v3'], 'the direct path, not v1→v2→v3');
  assert.deepEqual(hops('v1', 'v4'), ['v1→v3', 'v3→v4']);
  assert.deepEqual(hops('v4', 'v3'), ['v4→v1', 'v1→v3']);
  assert.deepEqual(hops('v2', 'v1'), ['v2→v3', 'v3→v4', 'v4→v1']);
  assert.deepEqual(hops('v2', 'v2'), []);
  assert.equal(chains.chain('v1', 'v9'), undefined);
  assert.equal(new ConversionChains([path('v1', 'v2')]).chain('v2', 'v1'), undefined);
});

test('a direct path renders its templates against the source object, typed; metadata and status kept', async () => {
  const v2 = only(await convert(await handlerOf(), [v1Object], 'v2'));
  assert.deepEqual(v2, {
    ...v1Object,
    apiVersion: 'demo.io/v2',
    spec: {
      ...(v1Object['spec'] as object),
      schedule: { minute: '5', hour: '4', dayOfMonth: '*', month: '*', dayOfWeek: '*' },
    },
  });
});

test('a chained conversion v1→v3 goes through v2, and back to v1 round-trips the spec', async () => {
  const handle = await handlerOf();
  const v3 = only(await convert(handle, [v1Object], 'v3'));
  assert.equal(v3.apiVersion, 'demo.io/v3');
  const spec = v3['spec'] as Record<string, unknown>;
  assert.equal(spec['sizeMi'], 2048, 'a number stays a number');
  assert.equal(spec['tier'], 'GOLD');
  assert.deepEqual(spec['retention'], { days: 7 }, 'a dotted path sets a nested field');
  assert.deepEqual(spec['schedule'], { minute: '5', hour: '4', dayOfMonth: '*', month: '*', dayOfWeek: '*' });
  assert.deepEqual(v3.metadata, v1Object.metadata);
  assert.deepEqual(v3['status'], v1Object['status']);
  const back = only(await convert(handle, [{ ...v3, spec: { ...spec, retention: undefined } }], 'v1'));
  assert.equal(back.apiVersion, 'demo.io/v1');
  assert.deepEqual(
    { ...(back['spec'] as object), retention: undefined },
    { ...(v1Object['spec'] as object), retention: undefined },
  );
});

test('objects of several versions in one review are each converted; one at the target is unchanged', async () => {
  const handle = await handlerOf();
  const v2 = only(await convert(handle, [v1Object], 'v2'));
  const out = converted(await convert(handle, [v1Object, v2], 'v2'));
  assert.deepEqual(out, [v2, v2]);
});

test('no path between the versions fails the review with a message naming them', async () => {
  const outcome = await convert(await handlerOf(), [v1Object], 'v9');
  assert.match(
    failure(outcome),
    /^backups: no conversion path from v1 to v9 for ops\/nightly \(declared: v1→v2, v2→v1, v2→v3, v3→v2\)$/,
  );
});

test('a template error fails the review with its message', async () => {
  const broken = { ...v1Object, apiVersion: 'demo.io/v2', spec: { schedule: 'not a map' } };
  const outcome = await convert(await handlerOf(), [broken], 'v1');
  assert.match(
    failure(outcome),
    /converting ops\/nightly from v2 to v1: v2→v1: spec\.schedule: k\.yaml:\d+:\d+: .*wrong type for value; expected map/,
  );
});

test('each conversion is counted and timed by CRD, source and target version and result', async () => {
  const metrics = new RuntimeMetrics();
  const handle = await handlerOf(metrics);
  await convert(handle, [v1Object, v1Object], 'v3');
  await convert(handle, [v1Object], 'v9');
  const text = await metrics.text();
  assert.match(
    text,
    /orkestra_conversion_requests_total\{crd="backups",from="v1",to="v3",result="success"\} 2/,
  );
  assert.match(
    text,
    /orkestra_conversion_requests_total\{crd="backups",from="v1",to="v9",result="failure"\} 1/,
  );
  assert.match(text, /orkestra_conversion_duration_seconds_count\{crd="backups",from="v1",to="v3"\} 2/);
});

test('the registration is the CRD with spec.conversion alone: strategy Webhook, the route and the CA', async () => {
  const feature = conversionFeature({ plans: await plansOf(KATALOG), security: ON });
  const objects = feature?.registrations({
    clientConfig: (p) => ({ url: `https://127.0.0.1:9443${p}` }),
    caBundle: 'Q0E=',
  });
  assert.deepEqual(objects, [
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'backups.demo.io' },
      spec: {
        conversion: {
          strategy: 'Webhook',
          webhook: {
            clientConfig: { url: 'https://127.0.0.1:9443/convert/backups', caBundle: 'Q0E=' },
            conversionReviewVersions: ['v1'],
          },
        },
      },
    },
  ]);
});

test('the feature is off without the flag or without a converting CRD', async () => {
  const plans = await plansOf(KATALOG);
  assert.equal(conversionFeature({ plans, security: NO_SECURITY }), undefined);
  const none = plans.map((p) => ({ ...p, conversion: undefined }));
  assert.equal(conversionFeature({ plans: none, security: ON }), undefined);
});

test('the live CRD must store storageVersion and serve every version of the paths', () => {
  const conversion = { storageVersion: 'v1', paths: [path('v1', 'v2'), path('v2', 'v3')] };
  const crd = (versions: object[]): KubeObject => ({
    metadata: { name: 'backups.demo.io' },
    spec: { versions },
  });
  assert.deepEqual(
    liveCrdProblems(
      crd([
        { name: 'v1', served: true, storage: true },
        { name: 'v2', served: true, storage: false },
        { name: 'v3', served: true, storage: false },
      ]),
      conversion,
    ),
    [],
  );
  assert.deepEqual(
    liveCrdProblems(
      crd([
        { name: 'v1', served: true, storage: false },
        { name: 'v2', served: true, storage: true },
      ]),
      conversion,
    ),
    [
      'CRD backups.demo.io stores v2, but conversion.storageVersion is v1',
      'CRD backups.demo.io does not serve v3, named by conversion paths (served: v1, v2)',
    ],
  );
});
