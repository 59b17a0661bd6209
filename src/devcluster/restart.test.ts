import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentArgs } from './component-args.ts';
import { DevClusterError } from './errors.ts';
import { devClusterLayout, type DevClusterLayout } from './layout.ts';
import { portsFrom } from './ports.ts';
import { contextOf, restartComponent } from './restart.ts';
import { readState, writeState, type DevClusterState } from './state.ts';

/** A pid above Linux's largest pid_max: never a running process. */
const NO_PROCESS = 4_194_305;

function clusterWith(components: DevClusterState['components']): {
  layout: DevClusterLayout;
  state: DevClusterState;
} {
  const layout = devClusterLayout({ cacheDir: mkdtempSync(join(tmpdir(), 'ork-restart-')), name: 'r' });
  mkdirSync(layout.logsDir, { recursive: true });
  const state: DevClusterState = {
    server: 'https://127.0.0.1:1',
    ports: portsFrom(1),
    kubeconfig: layout.kubeconfig,
    etcdDataDir: '/dev/shm/orkestra-etcd-x',
    startedAt: new Date(0).toISOString(),
    components,
  };
  return { layout, state };
}

test('rebuilds the flags of a running cluster from its state and layout', () => {
  const { layout, state } = clusterWith([]);
  const context = contextOf(layout, state);
  assert.deepEqual(context.ports, state.ports);
  assert.equal(context.pki.caCert, join(layout.pkiDir, 'ca.crt'));
  assert.equal(context.kwokConfig, join(layout.runDir, 'kwok.yaml'));
  assert.ok(componentArgs('etcd', context).includes(`--data-dir=${state.etcdDataDir}`));
  assert.ok(componentArgs('kube-apiserver', context).includes('--etcd-servers=http://127.0.0.1:4'));
});

test('refuses to restart when no cluster runs in the layout, or it has no such component', async () => {
  const { layout, state } = clusterWith([]);
  await assert.rejects(restartComponent(layout, 'kube-apiserver'), /no dev cluster runs/);
  await writeState(layout.stateFile, state);
  await assert.rejects(restartComponent(layout, 'kube-apiserver'), /has no kube-apiserver/);
});

test('reports a component that dies after its restart with the tail of its log, and records its pid', async () => {
  // Node refuses the scheduler's flags and exits at once: a component that cannot come back.
  const { layout, state } = clusterWith([]);
  const log = join(layout.logsDir, 'kube-scheduler.log');
  state.components.push({ name: 'kube-scheduler', pid: NO_PROCESS, exe: process.execPath, log });
  await writeState(layout.stateFile, state);
  const failure = await restartComponent(layout, 'kube-scheduler', { timeoutMs: 5000 }).catch(
    (error: unknown) => error,
  );
  assert.ok(failure instanceof DevClusterError, String(failure));
  assert.match(failure.message, /kube-scheduler exited after a restart/);
  assert.match(failure.message, /--kubeconfig/, 'the log tail names the refused flag');
  const saved = await readState(layout.stateFile);
  assert.notEqual(saved?.components[0]?.pid, NO_PROCESS);
});
