import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DesiredChild } from '../../resources/index.ts';
import { TerminalError } from '../errors.ts';
import { assertNoRestrictedChild, restrictedCustomResource } from './restricted-namespaces.ts';

const child = (kind: string, name: string, namespace?: string): DesiredChild => ({
  manifest: { apiVersion: 'v1', kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) } },
  hook: 'onCreate',
  group: kind === 'Namespace' ? 'namespaces' : 'configMaps',
  entry: 'onCreate.configMaps[0]',
  mode: 'enforce',
  forceConflicts: false,
});

test('a CR is refused in a restricted namespace only', () => {
  const cr = (namespace?: string) => ({ metadata: { name: 'a', ...(namespace ? { namespace } : {}) } });
  assert.match(
    restrictedCustomResource(cr('kube-system'), ['kube-system']) ?? '',
    /namespace kube-system is restricted/,
  );
  assert.equal(restrictedCustomResource(cr('apps'), ['kube-system']), undefined);
  assert.equal(restrictedCustomResource(cr(), ['kube-system']), undefined, 'cluster-scoped');
});

test('a set with a child in a restricted namespace, or a Namespace child of that name, is refused whole', () => {
  const restricted = ['kube-system'];
  assert.doesNotThrow(() => {
    assertNoRestrictedChild([child('ConfigMap', 'a', 'apps'), child('ClusterRole', 'r')], restricted);
  });
  assert.throws(
    () => {
      assertNoRestrictedChild(
        [child('ConfigMap', 'a', 'apps'), child('ConfigMap', 'b', 'kube-system')],
        restricted,
      );
    },
    (error: unknown) =>
      error instanceof TerminalError &&
      error.message ===
        'no child written: ConfigMap kube-system/b would be in kube-system, restricted by security.namespaceProtection',
  );
  assert.throws(() => {
    assertNoRestrictedChild([child('Namespace', 'kube-system')], restricted);
  }, /Namespace kube-system would be in kube-system/);
  assert.doesNotThrow(() => {
    assertNoRestrictedChild([child('ConfigMap', 'b', 'kube-system')], []);
  });
});
