/**
 * Secret values never reach the operator's log. The built `ork run` runs as a subprocess at log level
 * debug, with generated Secrets rotated every 2 s, a Deployment using them, and a CR whose reconcile
 * fails on every pass (the API server refuses one of its children, which uses the Secret): every
 * value the Secrets held during the run is then looked for in everything the process printed, as
 * text and as base64.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { ensureBuilt, startOrk } from '../../e2e/ork-process.ts';
import { installTestCrd } from './operator-fixture.ts';

before(ensureBuilt);
after(closeTestCluster);

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Obj {
  metadata: { name: string };
  data?: Record<string, string>;
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

function katalog(group: string, namespace: string) {
  const creds = '{{ .metadata.name }}-creds';
  return {
    apiVersion: 'orkestra.orkspace.io/v1',
    kind: 'Katalog',
    metadata: { name: 'secret-logs' },
    spec: {
      crds: {
        vault: {
          apiTypes: { group, version: 'v1', kind: 'Vault', plural: 'vaults' },
          namespaces: [namespace],
          resync: '1s',
          operatorBox: {
            onCreate: {
              secrets: [
                {
                  name: creds,
                  once: true,
                  rotateAfter: '2s',
                  data: { password: '{{ randomAlphanumeric 24 }}', pin: '{{ randomHex 12 }}' },
                },
              ],
            },
            onReconcile: {
              deployments: [
                {
                  name: '{{ .metadata.name }}',
                  image: 'nginx',
                  env: { PASSWORD: { secretKeyRef: { name: creds, key: 'password' } } },
                  envFrom: [{ secretRef: creds }],
                },
                {
                  name: '{{ .metadata.name }}-broken',
                  when: [{ field: 'spec.broken', equals: true }],
                  image: 'nginx',
                  // refused by the API server: this CR's reconcile fails on every pass
                  overrides: { spec: { minReadySeconds: -1 } },
                  env: { PIN: { secretKeyRef: { name: creds, key: 'pin' } } },
                },
              ],
            },
          },
        },
      },
    },
  };
}

async function createCrd(group: string): Promise<() => Promise<unknown>> {
  const client = testCluster();
  const name = await installTestCrd(client, { group, kind: 'Vault', plural: 'vaults' });
  return () => client.delete(`${CRDS}/${name}`);
}

test(
  'no value of a generated, rotated Secret appears in the log of ork run, at debug level',
  { timeout: 120_000 },
  async (t) => {
    const client = testCluster();
    const ns = await testNamespace(t);
    const group = `t${randomBytes(4).toString('hex')}.orkestra.test`;
    const deleteCrd = await createCrd(group);
    const dir = await mkdtemp(join(tmpdir(), 'ork-secret-logs-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'katalog.yaml');
    await writeFile(file, stringify(katalog(group, ns)));
    const ork = await startOrk(['-k', file, '--log-level', 'debug']);
    let output = ''; // all of it (the process keeps only its tail)
    const keep = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    ork.child.stdout?.on('data', keep);
    ork.child.stderr?.on('data', keep);
    t.after(async () => {
      if (ork.running()) await ork.terminate(15_000);
      await deleteCrd();
    });
    await eventually(async () => (await ork.http('/ready')).status === 200, {
      what: `ork run ready:\n${ork.output()}`,
      timeoutMs: 30_000,
    });
    const vaults = `/apis/${group}/v1/namespaces/${ns}/vaults`;
    for (const [name, spec] of [
      ['good', {}],
      ['bad', { broken: true }],
    ] as const) {
      await client.create(vaults, { apiVersion: `${group}/v1`, kind: 'Vault', metadata: { name }, spec });
    }

    // every value the Secrets hold while they rotate at least twice each
    const values = new Set<string>();
    const generations = new Map<string, Set<string>>();
    await eventually(
      async () => {
        for (const name of ['good-creds', 'bad-creds']) {
          const secret = (await client.get<Obj>(`/api/v1/namespaces/${ns}/secrets/${name}`)).body;
          for (const encoded of Object.values(secret.data ?? {})) {
            values.add(encoded);
            values.add(Buffer.from(encoded, 'base64').toString('utf8'));
          }
          const seen = generations.get(name) ?? new Set();
          if (secret.data?.['password'] !== undefined) seen.add(secret.data['password']);
          generations.set(name, seen);
        }
        return [...generations.values()].every((seen) => seen.size >= 3);
      },
      { what: 'both Secrets rotated twice', timeoutMs: 30_000, intervalMs: 100 },
    );
    const bad = (await client.get<Obj>(`${vaults}/bad`)).body;
    assert.equal(bad.status?.conditions?.find((c) => c.type === 'Ready')?.reason, 'ReconcileError');

    for (const name of ['good', 'bad']) await client.delete(`${vaults}/${name}`);
    await eventually(
      async () => ((await client.get<{ items?: Obj[] }>(vaults)).body.items ?? []).length === 0,
      {
        what: 'the Vaults deleted',
        timeoutMs: 30_000,
      },
    );
    const { code } = await ork.terminate(15_000);
    assert.equal(code, 0);

    assert.match(output, /reconcile failed/, 'the failing CR is logged (the log was captured)');
    const leaked = [...values].filter((value) => value.length >= 8 && output.includes(value));
    assert.deepEqual(leaked, [], 'Secret values in the log');
  },
);
