import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leaderElectionSettings, leaderIdentity, leaseNamespace } from './leader-election.ts';

describe('leaderElectionSettings', () => {
  it('is off unless --leader-elect or LEADER_ELECT=true', () => {
    assert.equal(leaderElectionSettings({}, {}), undefined);
    assert.equal(leaderElectionSettings({}, { LEADER_ELECT: 'false' }), undefined);
    const defaults = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };
    assert.deepEqual(leaderElectionSettings({ leaderElect: true }, {}), { timings: defaults });
    assert.deepEqual(leaderElectionSettings({}, { LEADER_ELECT: 'TRUE' }), { timings: defaults });
  });

  it('reads the durations and refuses a lease not longer than the renew deadline', () => {
    const settings = leaderElectionSettings(
      { leaderElect: true, leaseDuration: '30s', renewDeadline: '20s', retryPeriod: '500ms' },
      {},
    );
    assert.deepEqual(settings?.timings, {
      leaseDurationMs: 30_000,
      renewDeadlineMs: 20_000,
      retryPeriodMs: 500,
    });
    assert.throws(
      () => leaderElectionSettings({ leaderElect: true, renewDeadline: '15s' }, {}),
      /lease duration/,
    );
    assert.throws(
      () => leaderElectionSettings({ leaderElect: true, retryPeriod: 'often' }, {}),
      /not a duration/,
    );
  });
});

describe('leaseNamespace', () => {
  const inPod = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
  it('is the pod’s in a cluster, else --namespace, else the context’s', () => {
    assert.equal(
      leaseNamespace({ env: inPod, kubeconfig: undefined, namespace: 'x', configNamespace: 'ops' }),
      'ops',
    );
    assert.equal(
      leaseNamespace({ env: {}, kubeconfig: undefined, namespace: 'x', configNamespace: 'ctx' }),
      'x',
    );
    assert.equal(
      leaseNamespace({ env: {}, kubeconfig: undefined, namespace: undefined, configNamespace: 'ctx' }),
      'ctx',
    );
    assert.equal(
      leaseNamespace({ env: inPod, kubeconfig: '/k', namespace: 'x', configNamespace: 'ctx' }),
      'x',
    );
  });
});

describe('leaderIdentity', () => {
  it('is the host name and a random suffix, different for each replica', () => {
    const a = leaderIdentity({ HOSTNAME: 'orkestra-7d9f' });
    assert.match(a, /^orkestra-7d9f_[0-9a-f]{8}$/);
    assert.notEqual(a, leaderIdentity({ HOSTNAME: 'orkestra-7d9f' }));
  });
});
