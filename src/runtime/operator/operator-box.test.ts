import assert from 'node:assert/strict';
import { it } from 'node:test';
import { silentLogger } from '../../observability/index.ts';
import { FakeClock } from '../testing/index.ts';
import { OperatorBox, type BoxPeers } from './operator-box.ts';

type BoxPlan = ConstructorParameters<typeof OperatorBox>[0];
type Dependencies = ConstructorParameters<typeof OperatorBox>[1];

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Only what a box reads before it acquires its first informer. */
const plan = {
  key: 'sites.example.com',
  gvk: { group: 'example.com', version: 'v1', kind: 'Site' },
  plural: 'sites',
  scope: 'Namespaced',
  queue: { failureThreshold: 3 },
  dependsOn: [],
  cross: [],
  hooks: {
    onCreate: { resources: [] },
    onReconcile: { resources: [] },
    onDelete: { resources: [], groups: [] },
  },
} as unknown as BoxPlan;

it('retries a failed start on the injected clock: 0.5 s, then doubling', async () => {
  const clock = new FakeClock();
  const attempts: number[] = [];
  const informers = {
    acquire: () => {
      attempts.push(clock.now());
      throw new Error('sites.example.com is not served yet');
    },
  };
  const deps = { informers, logger: silentLogger, clock } as unknown as Dependencies;
  const box = new OperatorBox(plan, deps);
  const stop = new AbortController();
  const started = box.start(stop.signal);
  await settle();
  assert.deepEqual(box.notReadyReasons(), [
    'sites.example.com: starting (sites.example.com is not served yet)',
  ]);
  clock.advance(499);
  await settle();
  assert.deepEqual(attempts, [0]);
  clock.advance(1);
  await settle();
  clock.advance(1_000);
  await settle();
  clock.advance(2_000);
  await settle();
  assert.deepEqual(attempts, [0, 500, 1_500, 3_500]);
  stop.abort();
  await started;
  assert.equal(clock.pendingTimers(), 0);
});

it('starts after the boxes it depends on are ready, and shows a degraded one in its health', async () => {
  const clock = new FakeClock();
  const acquired: string[] = [];
  const informers = {
    acquire: () => {
      acquired.push('sites');
      throw new Error('stop here');
    },
  };
  const database = { ready: false, degraded: false };
  const peers: BoxPeers = {
    plan: () => undefined,
    box: (key) =>
      key !== 'database'
        ? undefined
        : {
            ready: () => database.ready,
            health: () => ({
              status: database.degraded ? 'degraded' : 'healthy',
              reasons: database.degraded ? ['3 failed reconciles in a row'] : [],
              consecutiveFailures: 0,
              warnings: [],
            }),
            loadReading: () => ({
              queueDepth: 0,
              workers: 1,
              busyMs: 0,
              capacityMs: 0,
              reconciles: 0,
              errors: 0,
              durations: [],
            }),
          },
  };
  const deps = { informers, logger: silentLogger, clock, peers } as unknown as Dependencies;
  const box = new OperatorBox({ ...plan, dependsOn: ['database'] }, deps);
  const stop = new AbortController();
  const started = box.start(stop.signal);
  await settle();
  clock.advance(1_000);
  await settle();
  assert.deepEqual(acquired, [], 'nothing acquired while the dependency is not ready');
  assert.deepEqual(box.notReadyReasons(), ['sites.example.com: waiting for database (dependsOn)']);
  database.ready = true;
  clock.advance(100);
  await settle();
  assert.deepEqual(acquired, ['sites']);
  database.degraded = true;
  assert.ok(box.health().reasons.includes('dependency database is degraded (3 failed reconciles in a row)'));
  stop.abort();
  await started;
});

it('is degraded by the permissions it was started without, naming them first, its readiness unchanged', () => {
  const missing = [
    'missing permission: patch deployments.apps cluster-wide — child kind Deployment of crd site',
  ];
  const deps = {
    informers: {},
    logger: silentLogger,
    missingPermissions: missing,
  } as unknown as Dependencies;
  const box = new OperatorBox(plan, deps);
  const health = box.health();
  assert.equal(health.status, 'degraded');
  assert.deepEqual(health.reasons, [...missing, 'sites.example.com: starting']);
  const without = new OperatorBox(plan, { informers: {}, logger: silentLogger } as unknown as Dependencies);
  assert.equal(without.health().status, 'starting');
  assert.equal(box.ready(), without.ready());
});
