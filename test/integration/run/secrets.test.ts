/**
 * The lifecycle of Secrets on the real control plane (spec §4.1): a `once` Secret is generated once and
 * never rewritten (resyncs, a changed CR, an operator restart); with `rotateAfter` it is regenerated
 * when due — the CR requeued for that moment, not left to a resync — and the Deployment that uses it
 * rolls; and every env form of the language reaches the Deployment's pod spec as the API server stores it.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator, sumSeries, type Obj, type RunningFixture } from './operator-fixture.ts';

after(closeTestCluster);

const GENERATED_AT = 'orkestra.orkspace.io/generated-at';
const SECRETS_HASH = 'orkestra.orkspace.io/secrets-hash';

interface PodTemplate {
  metadata?: { annotations?: Record<string, string> };
  spec: { containers: { env?: unknown[]; envFrom?: unknown[] }[] };
}
type Workload = Obj & { spec: { template: PodTemplate } };

const decode = (secret: Obj | undefined, key: string) =>
  Buffer.from(secret?.data?.[key] ?? '', 'base64').toString('utf8');

/** An App whose Deployment reads its password from the `<name>-creds` Secret. */
function appEntry(secret: Record<string, unknown>, resync: string) {
  return {
    kind: 'App',
    entry: {
      resync,
      operatorBox: {
        onCreate: {
          secrets: [
            {
              name: '{{ .metadata.name }}-creds',
              data: { password: '{{ randomAlphanumeric 16 }}' },
              ...secret,
            },
          ],
        },
        onReconcile: {
          deployments: [
            {
              name: '{{ .metadata.name }}',
              image: 'nginx:{{ .spec.tag | default "1" }}',
              env: { PASSWORD: { secretKeyRef: { name: '{{ .metadata.name }}-creds', key: 'password' } } },
            },
          ],
        },
      },
    },
  };
}

async function reconciles(op: RunningFixture): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${op.port}/metrics`)).text();
  return sumSeries(text, 'orkestra_reconcile_total', 'app');
}

async function waitReconciles(op: RunningFixture, more: number): Promise<void> {
  const start = await reconciles(op);
  await eventually(async () => (await reconciles(op)) >= start + more, {
    what: `${String(more)} more reconciles`,
    timeoutMs: 20_000,
  });
}

const hashOf = (deployment: Workload | undefined) =>
  deployment?.spec.template.metadata?.annotations?.[SECRETS_HASH];

test(
  'a once Secret is generated once and never rewritten: not on resync, not when the CR changes, not after a restart',
  { timeout: 120_000 },
  async (t) => {
    const app = appEntry({ once: true }, '1s');
    let op = await startOperator(t, { crds: { app } });
    await op.crds['app']!.create('shop', {});
    const first = await eventually(() => op.child('v1 secrets', 'shop-creds'), { what: 'the Secret' });
    const password = decode(first, 'password');
    assert.match(password, /^[A-Za-z0-9]{16}$/);
    assert.ok(first.metadata.annotations?.[GENERATED_AT] !== undefined, 'generated-at is recorded');
    const deployment = await eventually(
      async () => {
        const d = (await op.child('apps/v1 deployments', 'shop')) as Workload | undefined;
        return hashOf(d) === undefined ? undefined : d;
      },
      { what: 'the Deployment with the secrets hash' },
    );

    await waitReconciles(op, 3); // resyncs
    await op.crds['app']!.patchSpec('shop', { tag: '2' });
    await eventually(
      async () => {
        const d = (await op.child('apps/v1 deployments', 'shop')) as Workload | undefined;
        return (d?.spec.template.spec.containers[0] as { image?: string } | undefined)?.image === 'nginx:2';
      },
      { what: 'the changed CR reconciled' },
    );
    op = await op.restart({ app: app.entry });
    await waitReconciles(op, 3);
    const kept = await op.child('v1 secrets', 'shop-creds');
    assert.equal(
      kept?.metadata.resourceVersion,
      first.metadata.resourceVersion,
      'the Secret was written again',
    );
    assert.equal(decode(kept, 'password'), password);
    const now = (await op.child('apps/v1 deployments', 'shop')) as Workload;
    assert.equal(hashOf(now), hashOf(deployment), 'the secrets hash is stable');
  },
);

test(
  'rotateAfter regenerates the Secret when due, long before the next resync, and the Deployment using it rolls',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { app: appEntry({ once: true, rotateAfter: '3s' }, '1h') } });
    await op.crds['app']!.create('bank', {});
    const seen = async () => {
      const secret = await op.child('v1 secrets', 'bank-creds');
      const deployment = (await op.child('apps/v1 deployments', 'bank')) as Workload | undefined;
      return { secret, deployment, password: decode(secret, 'password'), hash: hashOf(deployment) };
    };
    const first = await eventually(
      async () => {
        // the Secret is read before the Deployment: a pass may write both in between
        const s = await seen();
        return s.hash === undefined || s.secret === undefined ? undefined : s;
      },
      { what: 'the Secret and its consumer' },
    );
    await eventually(async () => readyOf(await op.crds['app']!.get('bank'))?.status === 'True', {
      what: 'bank Ready',
    });
    const generated = Date.parse(first.secret?.metadata.annotations?.[GENERATED_AT] ?? '');
    const rotated = await eventually(
      async () => {
        const s = await seen();
        return s.password !== first.password && s.hash !== first.hash ? s : undefined;
      },
      { what: 'a rotated Secret and a rolled Deployment', timeoutMs: 20_000 },
    );
    const regenerated = Date.parse(rotated.secret?.metadata.annotations?.[GENERATED_AT] ?? '');
    assert.ok(regenerated - generated >= 3_000, `rotated after ${String(regenerated - generated)} ms`);
    assert.ok(regenerated - generated < 10_000, 'requeued for the due time, not left to the 1h resync');
    assert.match(rotated.password, /^[A-Za-z0-9]{16}$/);
    assert.ok(
      (rotated.deployment?.metadata.generation ?? 0) > (first.deployment?.metadata.generation ?? 0),
      'a new pod template: the Deployment rolls',
    );
  },
);

function envEntry() {
  return {
    kind: 'Env',
    entry: {
      operatorBox: {
        onReconcile: {
          configMaps: [{ name: 'settings', data: { level: 'debug', color: 'blue' } }],
          secrets: [{ name: 'token', data: { token: 'not-a-real-token' } }],
          deployments: [
            {
              name: 'map-form',
              image: 'nginx',
              env: {
                GREETING: 'hello {{ .metadata.name }}',
                EXPLICIT: { value: 'plain' },
                TOKEN: { secretKeyRef: { name: 'token', key: 'token' } },
                LEVEL: { configMapKeyRef: { name: 'settings', key: 'level' } },
              },
              envFrom: [{ configMapRef: 'settings' }, { secretRef: 'token' }],
            },
            {
              name: 'list-form',
              image: 'nginx',
              env: [
                { name: 'GREETING', value: 'hi' },
                { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 'token' } } },
                { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } },
              ],
              envFrom: [
                { configMapRef: { name: 'settings', prefix: 'CFG_', optional: true } },
                { secretRef: { name: 'token', prefix: 'S_' } },
              ],
            },
          ],
        },
      },
    },
  };
}

test(
  'every env form reaches the pod spec as the API server stores it: literals, secretKeyRef, configMapKeyRef, the list form, envFrom',
  { timeout: 120_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { env: envEntry() } });
    await op.crds['env']!.create('demo', {});
    const container = async (name: string) => {
      const d = await eventually(() => op.child('apps/v1 deployments', name), { what: `Deployment ${name}` });
      return (d as Workload).spec.template.spec.containers[0]!;
    };
    const mapForm = await container('map-form');
    assert.deepEqual(mapForm.env, [
      { name: 'GREETING', value: 'hello demo' },
      { name: 'EXPLICIT', value: 'plain' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 'token' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
    ]);
    assert.deepEqual(mapForm.envFrom, [
      { configMapRef: { name: 'settings' } },
      { secretRef: { name: 'token' } },
    ]);
    const listForm = await container('list-form');
    assert.deepEqual(listForm.env, [
      { name: 'GREETING', value: 'hi' },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 'token' } } },
      { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } },
    ]);
    assert.deepEqual(listForm.envFrom, [
      { prefix: 'CFG_', configMapRef: { name: 'settings', optional: true } },
      { prefix: 'S_', secretRef: { name: 'token' } },
    ]);
    const stored = (await op.child('apps/v1 deployments', 'list-form')) as Workload;
    assert.ok(hashOf(stored) !== undefined, 'a workload using the CR’s Secret carries its digest');
  },
);
