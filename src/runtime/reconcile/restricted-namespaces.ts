/**
 * Namespace protection at reconcile time (spec §11): the runtime never writes a child into a
 * namespace the Katalog restricts, and does not reconcile a CR stored in one (stored before the
 * protection was on, or while the admission webhook was down). Either is the Katalog's or the CR's
 * to change, so retrying cannot help: the CR's Ready condition says why, and an event records it.
 */
import type { KubeObject } from '../../kube/index.ts';
import { describeChild, type DesiredChild } from '../../resources/index.ts';
import { TerminalError } from '../errors.ts';

/** The reason on the Ready condition and the event. */
export const RESTRICTED_NAMESPACE = 'RestrictedNamespace' as const;

/** A child would land in a restricted namespace: none of the CR's children is written. */
export class RestrictedNamespaceError extends TerminalError {
  constructor(message: string) {
    super(message);
    this.name = 'RestrictedNamespaceError';
  }
}

const WHY = 'restricted by security.namespaceProtection';

/** Why the CR is not reconciled; undefined when its namespace is not restricted. */
export function restrictedCustomResource(cr: KubeObject, restricted: readonly string[]): string | undefined {
  const namespace = cr.metadata?.namespace;
  if (namespace === undefined || !restricted.includes(namespace)) return undefined;
  return `not reconciled: the namespace ${namespace} is ${WHY}; recreate the resource in another namespace`;
}

/** The namespace a child writes into: its own, or the one it is (a Namespace child). */
function namespaceOf(child: KubeObject): string | undefined {
  return child.kind === 'Namespace' && child.apiVersion === 'v1'
    ? child.metadata?.name
    : child.metadata?.namespace;
}

/**
 * Refuses a set of children of which any lands in a restricted namespace: the set is applied whole or
 * not at all, so half a set never runs and nothing is pruned on the strength of a refused render.
 * @throws RestrictedNamespaceError naming every such child
 */
export function assertNoRestrictedChild(
  children: readonly DesiredChild[],
  restricted: readonly string[],
): void {
  if (restricted.length === 0) return;
  const refused = children.filter((c) => {
    const namespace = namespaceOf(c.manifest);
    return namespace !== undefined && restricted.includes(namespace);
  });
  if (refused.length === 0) return;
  const namespaces = [...new Set(refused.map((c) => namespaceOf(c.manifest)))].join(', ');
  throw new RestrictedNamespaceError(
    `no child written: ${refused.map((c) => describeChild(c.manifest)).join(', ')} would be in ` +
      `${namespaces}, ${WHY}`,
  );
}
