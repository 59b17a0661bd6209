/**
 * The dev cluster's own lifecycle, on a second cluster beside the shared one: up, up again
 * (a no-op), status, a crashed component reported with its log, and down leaving no process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { devClusterTools } from '../../../src/app/index.ts';

const { devClusterConfig, startDevCluster } = await devClusterTools();
import { checkHealth, down, readState } from '../../../src/devcluster/index.ts';
import { eventually } from '../../harness/eventually.ts';

const config = devClusterConfig(process.env, { name: 'lifecycle-test', portBase: 17443 });

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test(
  'a second cluster starts, says so when started again, reports a crash, and stops without leftovers',
  { timeout: 240_000 },
  async (t) => {
    t.after(() => down(config.layout));
    const first = await startDevCluster(config);
    assert.equal(first.alreadyRunning, false);
    assert.equal(first.state.server, 'https://127.0.0.1:17443');
    const health = await checkHealth(first.state, config.layout.pkiDir);
    assert.equal(health.healthy, true);
    assert.equal(health.nodesReady, 1);

    const second = await startDevCluster(config);
    assert.equal(second.alreadyRunning, true);
    assert.equal(second.state.startedAt, first.state.startedAt);

    const scheduler = first.state.components.find((c) => c.name === 'kube-scheduler');
    assert.ok(scheduler);
    process.kill(scheduler.pid, 'SIGKILL');
    const crashed = await eventually(
      async () => {
        const h = await checkHealth(first.state, config.layout.pkiDir);
        return h.components.find((c) => c.name === 'kube-scheduler' && c.state === 'crashed');
      },
      { what: 'the scheduler reported as crashed' },
    );
    assert.ok((crashed.logTail ?? []).length > 0, 'a crash comes with the tail of its log');

    const result = await down(config.layout);
    assert.deepEqual(result.stopped, ['kwok', 'kube-controller-manager', 'kube-apiserver', 'etcd']);
    for (const c of first.state.components) assert.equal(isRunning(c.pid), false, `${c.name} still runs`);
    assert.equal(existsSync(first.state.etcdDataDir), false);
    assert.equal(await readState(config.layout.stateFile), undefined);
  },
);
