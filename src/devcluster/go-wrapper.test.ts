import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etcdWrapper, kubernetesLdflags, kubernetesWrapper } from './go-wrapper.ts';
import { KUBERNETES_STAGING_MODULES } from './versions.ts';

test('the Kubernetes wrapper replaces every staging module at the matching v0 version', () => {
  const goMod = kubernetesWrapper('v1.33.13')['go.mod'] ?? '';
  assert.match(goMod, /^require k8s\.io\/kubernetes v1\.33\.13$/m);
  for (const m of KUBERNETES_STAGING_MODULES) {
    assert.match(goMod, new RegExp(`^\\tk8s\\.io/${m} => k8s\\.io/${m} v0\\.33\\.13$`, 'm'));
  }
  assert.match(goMod, /^godebug default=go1\.24$/m);
});

test('the Kubernetes wrapper imports the three commands behind a build tag', () => {
  const tools = kubernetesWrapper('v1.33.13')['tools.go'] ?? '';
  assert.match(tools, /^\/\/go:build tools$/m);
  for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    assert.ok(tools.includes(`_ "k8s.io/kubernetes/cmd/${c}"`), c);
  }
});

test('the etcd wrapper requires the server module at the pinned version', () => {
  assert.match(etcdWrapper('v3.5.21')['go.mod'] ?? '', /^require go\.etcd\.io\/etcd\/server\/v3 v3\.5\.21$/m);
});

test('the linker flags set the version in both version packages', () => {
  const flags = kubernetesLdflags('v1.33.13', '2026-01-01T00:00:00Z');
  assert.ok(flags.includes('-X k8s.io/component-base/version.gitVersion=v1.33.13'));
  assert.ok(flags.includes('-X k8s.io/client-go/pkg/version.gitMinor=33'));
  assert.ok(flags.includes('-X k8s.io/client-go/pkg/version.buildDate=2026-01-01T00:00:00Z'));
});
