import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPONENT_NAMES, componentArgs, type ComponentContext } from './component-args.ts';
import { pkiPaths } from './pki.ts';
import { portsFrom } from './ports.ts';

const context: ComponentContext = {
  ports: portsFrom(20000),
  pki: pkiPaths('/run/pki'),
  kubeconfig: '/run/kubeconfig',
  etcdDataDir: '/dev/shm/orkestra-etcd-x',
  kwokConfig: '/run/kwok.yaml',
};

test('every component listens on loopback only', () => {
  for (const name of COMPONENT_NAMES) {
    const args = componentArgs(name, context).join(' ');
    assert.doesNotMatch(args, /0\.0\.0\.0/, name);
  }
  assert.ok(componentArgs('kube-apiserver', context).includes('--bind-address=127.0.0.1'));
  assert.ok(componentArgs('etcd', context).includes('--listen-client-urls=http://127.0.0.1:20003'));
});

test('the API server uses RBAC, service-account keys and admission, on the base port', () => {
  const args = componentArgs('kube-apiserver', context);
  assert.ok(args.includes('--secure-port=20000'));
  assert.ok(args.includes('--authorization-mode=RBAC'));
  assert.ok(args.includes('--service-account-signing-key-file=/run/pki/sa.key'));
  assert.ok(args.includes('--etcd-servers=http://127.0.0.1:20003'));
  assert.ok(!args.some((a) => a.startsWith('--admission-control=')), 'admission stays on');
});

test('the controller manager runs every controller, including the garbage collector', () => {
  const args = componentArgs('kube-controller-manager', context);
  assert.ok(args.includes('--controllers=*'));
  assert.ok(args.includes('--kube-api-qps=500'), 'stock client limits would pace every burst');
  assert.ok(args.includes('--secure-port=20001'));
  assert.ok(args.includes('--kubeconfig=/run/kubeconfig'));
});

test('ports follow the base port without overlap', () => {
  const ports = Object.values(portsFrom(16443));
  assert.equal(new Set(ports).size, 5);
  assert.deepEqual(ports.toSorted(), [16443, 16444, 16445, 16446, 16447]);
});

test('the API server writes an audit log only when asked, in blocking mode so no answered write is missing', () => {
  assert.ok(!componentArgs('kube-apiserver', context).some((a) => a.startsWith('--audit')));
  const audit = { log: '/run/audit.log', policy: '/run/audit-policy.yaml' };
  const args = componentArgs('kube-apiserver', { ...context, audit });
  assert.ok(args.includes('--audit-log-path=/run/audit.log'));
  assert.ok(args.includes('--audit-policy-file=/run/audit-policy.yaml'));
  assert.ok(args.includes('--audit-log-mode=blocking'));
  assert.ok(args.includes('--audit-log-format=json'));
});
