/**
 * The conversion webhook on the real control plane: a CRD with versions v1, v2 and v3 (stored at v1)
 * whose Katalog declares paths v1↔v2 and v2↔v3; `ork run` in this process sets the CRD's conversion to
 * strategy Webhook, and the API server calls it: a CR written as v1 reads as v2 and as v3 with its
 * fields converted (v1→v3 chained through v2), written back as v3 it reads as v1 unchanged, and each
 * conversion is counted per path on /metrics.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { stringify } from 'yaml';
import { loadKatalogFiles } from '../../../src/app/katalog.ts';
import { runOperators } from '../../../src/app/run/run-input-prepare.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import type { TestClient } from '../../harness/test-client.ts';
import { installTestCrd } from '../run/operator-fixture.ts';

after(closeTestCluster);

/** What a test undoes when it ends, newest first: the CR, then the operator, then the CRD. */
function undoStack(t: TestContext): (step: () => Promise<unknown>) => void {
  const steps: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const step of steps.reverse()) await step();
  });
  return (step) => steps.push(step);
}

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Cr {
  apiVersion: string;
  kind: string;
  metadata: { name: string; resourceVersion?: string; [key: string]: unknown };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** A namespaced CRD serving v1, v2 and v3, stored at v1, with strategy None (the runtime sets Webhook). */
async function installVersionedCrd(
  undo: ReturnType<typeof undoStack>,
  client: TestClient,
  group: string,
): Promise<string> {
  const versions = ['v1', 'v2', 'v3'];
  const name = await installTestCrd(client, { group, kind: 'Backup', plural: 'backups', versions });
  undo(() => client.delete(`${CRDS}/${name}`));
  return name;
}

function katalogOf(group: string, key: string, storageVersion = 'v1'): Record<string, unknown> {
  return {
    apiVersion: 'orkestra.orkspace.io/v1',
    kind: 'Katalog',
    metadata: { name: `conversion-${key}` },
    spec: {
      crds: {
        [key]: {
          apiTypes: { group, version: 'v1', kind: 'Backup', plural: 'backups', scope: 'Namespaced' },
          conversion: {
            storageVersion,
            paths: [
              { from: 'v1', to: 'v2', spec: { schedule: '{{ cronToMap .spec.schedule }}' } },
              { from: 'v2', to: 'v1', spec: { schedule: '{{ cronFromMap .spec.schedule }}' } },
              {
                from: 'v2',
                to: 'v3',
                spec: { sizeMi: '{{ mul .spec.sizeMi 1024 }}', tier: '{{ upper .spec.tier }}' },
              },
              {
                from: 'v3',
                to: 'v2',
                spec: { sizeMi: '{{ div .spec.sizeMi 1024 }}', tier: '{{ lower .spec.tier }}' },
              },
            ],
          },
        },
      },
    },
    security: { webhooks: { conversion: { enabled: true } } },
  };
}

/** Runs the Katalog in this process until the test ends; returns its HTTP API port. */
async function runKatalogFile(
  undo: ReturnType<typeof undoStack>,
  katalog: Record<string, unknown>,
  waitReady = true,
): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'ork-conversion-'));
  undo(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'katalog.yaml');
  await writeFile(file, stringify(katalog));
  const loaded = await loadKatalogFiles([file]);
  assert.ok(loaded.ok && loaded.katalog, JSON.stringify(loaded.diagnostics));
  const controller = new AbortController();
  const secret = `orkestra-${(katalog['metadata'] as { name: string }).name}-webhook-tls`;
  undo(() => testCluster().delete(`/api/v1/namespaces/default/secrets/${secret}`));
  const running = await runOperators(loaded.katalog, loaded.plans, {
    settings: {
      port: 0,
      dev: false,
      logLevel: 'silent',
      env: process.env,
      version: 'test',
      webhooks: { port: 0 },
    },
    signal: controller.signal,
  });
  undo(async () => {
    controller.abort();
    await running.stopped;
  });
  const port = await eventually(() => running.port, { what: 'the HTTP API port', timeoutMs: 10_000 });
  if (!waitReady) return port;
  await eventually(async () => (await fetch(`http://127.0.0.1:${String(port)}/ready`)).status === 200, {
    what: 'the operator to be ready',
    timeoutMs: 30_000,
  });
  return port;
}

test('a CR written as v1 reads as v2 and v3 converted, and round-trips back to v1', async (t) => {
  const undo = undoStack(t);
  const client = testCluster();
  const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
  const crdName = await installVersionedCrd(undo, client, group);
  const ns = await testNamespace(t);
  const key = `backups-${randomBytes(3).toString('hex')}`;
  const port = await runKatalogFile(undo, katalogOf(group, key));

  const crd = await client.get<{ spec: { conversion: Record<string, unknown> } }>(`${CRDS}/${crdName}`);
  assert.equal(crd.body.spec.conversion['strategy'], 'Webhook');
  const path = (v: string, name = '') => `/apis/${group}/${v}/namespaces/${ns}/backups${name && `/${name}`}`;
  const spec = { schedule: '5 4 * * *', sizeMi: 2, tier: 'gold', owner: 'ann' };
  await client.create(path('v1'), {
    apiVersion: `${group}/v1`,
    kind: 'Backup',
    metadata: { name: 'nightly' },
    spec,
  });
  undo(async () => {
    await client.delete(path('v1', 'nightly'));
    await eventually(async () => (await client.get(path('v1', 'nightly'))).status === 404, {
      what: 'the CR deleted',
      timeoutMs: 30_000,
    });
  });

  const schedule = { minute: '5', hour: '4', dayOfMonth: '*', month: '*', dayOfWeek: '*' };
  const v2 = await client.get<Cr>(path('v2', 'nightly'));
  assert.equal(v2.status, 200, JSON.stringify(v2.body));
  assert.equal(v2.body.apiVersion, `${group}/v2`);
  assert.deepEqual(v2.body.spec, { ...spec, schedule });

  const v3 = await client.get<Cr>(path('v3', 'nightly'));
  assert.equal(v3.status, 200, JSON.stringify(v3.body));
  assert.deepEqual(v3.body.spec, { ...spec, schedule, sizeMi: 2048, tier: 'GOLD' });

  const written = await client.send<Cr>('PUT', path('v3', 'nightly'), {
    ...v3.body,
    metadata: { ...v3.body.metadata, labels: { written: 'as-v3' } },
  });
  assert.equal(written.status, 200, JSON.stringify(written.body));
  const v1 = await client.get<Cr>(path('v1', 'nightly'));
  assert.equal(v1.body.apiVersion, `${group}/v1`);
  assert.deepEqual(v1.body.spec, spec);
  assert.equal((v1.body.metadata['labels'] as Record<string, string>)['written'], 'as-v3');

  const metrics = await (await fetch(`http://127.0.0.1:${String(port)}/metrics`)).text();
  const count = (from: string, to: string) =>
    Number(
      new RegExp(
        `orkestra_conversion_requests_total\\{crd="${key}",from="${from}",to="${to}",result="success"\\} (\\d+)`,
      ).exec(metrics)?.[1] ?? 0,
    );
  assert.ok(count('v1', 'v2') >= 1, metrics);
  assert.ok(count('v1', 'v3') >= 1, metrics);
  assert.ok(count('v3', 'v1') >= 1, metrics);
});

test('a CRD that does not store the declared storageVersion is reported, and its conversion left alone', async (t) => {
  const undo = undoStack(t);
  const client = testCluster();
  const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
  const crdName = await installVersionedCrd(undo, client, group);
  const key = `backups-${randomBytes(3).toString('hex')}`;
  const port = await runKatalogFile(undo, katalogOf(group, key, 'v2'), false);
  const reasons = await eventually(
    async () => {
      const res = await fetch(`http://127.0.0.1:${String(port)}/ready`);
      const body = (await res.json()) as { reasons?: string[] };
      return body.reasons?.find((r) => r.includes('storageVersion'));
    },
    { what: 'the readiness reason', timeoutMs: 15_000 },
  );
  assert.match(reasons, new RegExp(`${key}: CRD ${crdName} stores v1, but conversion.storageVersion is v2`));
  const crd = await client.get<{ spec: { conversion?: { strategy?: string } } }>(`${CRDS}/${crdName}`);
  assert.equal(crd.body.spec.conversion?.strategy, 'None');
});
