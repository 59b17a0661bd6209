/**
 * The last step of a pass's desired children, run on every pass (a reused render too, so what a Secret
 * holds and how old it is are read anew each time): `once` Secrets are kept, written or rotated
 * (once-secrets.ts), then the workloads that use the CR's Secrets get the digest of their data on the
 * pod template, so new values roll them.
 */
import type { KubeObject } from '../../kube/index.ts';
import { stampSecretConsumers, type DesiredChild } from '../../resources/index.ts';
import { resolveOnceSecrets, type GeneratedSecret } from './once-secrets.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

/** A pass's desired children and when the CR must be reconciled again for a renewal or a rotation. */
export interface DesiredSet {
  readonly children: readonly DesiredChild[];
  /** Milliseconds until a certificate renewal or a secret rotation is due; undefined: none. */
  readonly renewInMs: number | undefined;
}

/** What the lifecycle reads besides the children: the CR, the caches, events, the clock. */
export interface LifecycleContext extends Pick<ReconcileDeps, 'cache' | 'events' | 'now'> {
  readonly cr: KubeObject;
  /** The values of `once` Secrets this box wrote and its cache may not show yet. */
  readonly generated: Map<string, GeneratedSecret>;
}

/** The desired children with their Secrets' lifecycle applied; the set as it is when it holds no Secret. */
export function withSecretLifecycle(desired: DesiredSet, context: LifecycleContext): DesiredSet {
  if (!desired.children.some((child) => child.secret !== undefined)) return desired;
  const { cr, cache, events, now, generated } = context;
  const once = resolveOnceSecrets(desired.children, { cr, cache, events, now, generated });
  const renewInMs =
    once.rotateInMs === undefined
      ? desired.renewInMs
      : Math.min(once.rotateInMs, desired.renewInMs ?? Infinity);
  return { children: stampSecretConsumers(once.children), renewInMs };
}
