import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentHealth } from './health.ts';
import { COMPONENT_CHOICES, parseComponentName, startComponent, stopComponent } from './control.ts';
import { devClusterLayout } from './layout.ts';
import { portsFrom } from './ports.ts';
import { readState, writeState, type DevClusterState } from './state.ts';

test('accepts the short and the full names of every component, and nothing else', () => {
  assert.equal(parseComponentName('apiserver'), 'kube-apiserver');
  assert.equal(parseComponentName('kube-apiserver'), 'kube-apiserver');
  assert.equal(parseComponentName(' API-Server '), 'kube-apiserver');
  assert.equal(parseComponentName('controller-manager'), 'kube-controller-manager');
  assert.equal(parseComponentName('scheduler'), 'kube-scheduler');
  assert.equal(parseComponentName('etcd'), 'etcd');
  assert.equal(parseComponentName('kwok'), 'kwok');
  for (const name of ['', 'api', 'kubelet', 'etcd2', 'toString', '__proto__'])
    assert.equal(parseComponentName(name), undefined, name);
  for (const choice of COMPONENT_CHOICES) assert.ok(parseComponentName(choice), choice);
});

function clusterDir(): { layout: ReturnType<typeof devClusterLayout>; state: DevClusterState } {
  const layout = devClusterLayout({ cacheDir: mkdtempSync(join(tmpdir(), 'ork-control-')), name: 'c' });
  mkdirSync(layout.logsDir, { recursive: true });
  const state: DevClusterState = {
    server: 'https://127.0.0.1:1',
    ports: portsFrom(1),
    kubeconfig: layout.kubeconfig,
    etcdDataDir: '/dev/shm/orkestra-etcd-x',
    startedAt: new Date(0).toISOString(),
    components: [],
  };
  return { layout, state };
}

test('refuses to stop or start when no cluster runs, or it has no such component', async () => {
  const { layout, state } = clusterDir();
  await assert.rejects(stopComponent(layout, 'kube-apiserver'), /no dev cluster runs/);
  await assert.rejects(startComponent(layout, 'etcd'), /no dev cluster runs/);
  await writeState(layout.stateFile, state);
  await assert.rejects(stopComponent(layout, 'kube-apiserver'), /has no kube-apiserver/);
});

test('stops the recorded process, marks it stopped (not crashed), and leaves a running one to start', async (t) => {
  const { layout, state } = clusterDir();
  // A stand-in component: a Node process that waits; the state records its pid and executable.
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  const pid = child.pid ?? 0;
  const log = join(layout.logsDir, 'kwok.log');
  state.components.push({ name: 'kwok', pid, exe: process.execPath, log });
  await writeState(layout.stateFile, state);

  const already = await startComponent(layout, 'kwok');
  assert.equal(already.changed, false, 'a running component is not started twice');
  assert.equal(already.record.pid, pid);

  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stopped = await stopComponent(layout, 'kwok', { graceMs: 2000 });
  await exited;
  assert.equal(stopped.changed, true);
  assert.equal((await readState(layout.stateFile))?.components[0]?.stopped, true);
  const record = (await readState(layout.stateFile))?.components[0];
  assert.ok(record);
  assert.equal((await componentHealth(record)).state, 'stopped', 'status says STOPPED, not CRASHED');

  const again = await stopComponent(layout, 'kwok');
  assert.equal(again.changed, false, 'stopping a stopped component does nothing');
});
