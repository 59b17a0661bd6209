/**
 * Secrets generated once, and their rotation (spec §4.1 `once`, `rotateAfter`). A `once` Secret is
 * written when it is missing and then kept: every reconcile puts the live values back into the desired
 * Secret (so the workloads that use it are hashed with what is really there) and never writes it again,
 * whatever the render made of its templates this time (`randomAlphanumeric` draws anew on every pass).
 * When it was generated is kept in annotation `orkestra.orkspace.io/generated-at` (the creation time
 * when that is missing); with `rotateAfter`, once it is older than that, the values just rendered are
 * written in its place, and the reconcile is requeued for the moment the next rotation is due.
 *
 * What this box wrote is remembered until its cache shows it: a reconcile that runs before the watch
 * delivers the new Secret writes the same values again rather than drawing a second set.
 */
import type { KubeObject } from '../../kube/index.ts';
import {
  ANNOTATION_GENERATED_AT,
  childKey,
  describeChild,
  stampDesiredHash,
  type ChildMode,
  type DesiredChild,
} from '../../resources/index.ts';
import type { ClusterCache, EventSink } from './ports.ts';

/** Generated values remembered while the cache catches up, at most (a bound for CRs deleted meanwhile). */
const MAX_REMEMBERED = 1_000;

/** The values of a `once` Secret as this box wrote them. */
export interface GeneratedSecret {
  /** Its `data` (base64). */
  readonly data: Readonly<Record<string, string>>;
  /** Its generated-at annotation (RFC 3339). */
  readonly generatedAt: string;
}

/** What resolving needs from the reconcile. */
export interface OnceContext {
  /** The CR the Secrets belong to (events). */
  readonly cr: KubeObject;
  readonly cache: ClusterCache;
  readonly events: EventSink;
  readonly now: () => Date;
  /** Values written but maybe not in the cache yet, by Secret; shared by the reconciles of a box. */
  readonly generated: Map<string, GeneratedSecret>;
}

/** The desired children with their `once` Secrets resolved, and when the earliest rotation is due. */
export interface OnceResolution {
  readonly children: readonly DesiredChild[];
  /** Milliseconds until the earliest rotation; undefined when no Secret rotates. */
  readonly rotateInMs: number | undefined;
}

interface Resolved {
  readonly child: DesiredChild;
  readonly rotateInMs?: number | undefined;
}

/** True when the child is a `once` Secret whose values this module keeps (a `tls` one keeps its own). */
export function isOnceSecret(child: DesiredChild): boolean {
  return child.secret?.once === true && child.secret.tls === undefined;
}

/**
 * Keeps every `once` Secret as it is live, writes it when missing, and rotates it when due.
 * The children as they are when none is a `once` Secret.
 */
export function resolveOnceSecrets(desired: readonly DesiredChild[], context: OnceContext): OnceResolution {
  let rotateInMs: number | undefined;
  const children = desired.map((child) => {
    if (!isOnceSecret(child)) return child;
    const resolved = resolveSecret(child, context);
    if (resolved.rotateInMs !== undefined) rotateInMs = Math.min(rotateInMs ?? Infinity, resolved.rotateInMs);
    return resolved.child;
  });
  return { children, rotateInMs };
}

function generatedAtOf(live: KubeObject): string | undefined {
  return live.metadata?.annotations?.[ANNOTATION_GENERATED_AT] ?? live.metadata?.creationTimestamp;
}

function dataOf(object: KubeObject): Readonly<Record<string, string>> {
  return (object['data'] ?? {}) as Record<string, string>;
}

/** What this box wrote of the Secret, while the cache does not show it yet. */
function rememberedOf(child: DesiredChild, live: KubeObject | undefined, context: OnceContext) {
  const key = childKey(child.manifest);
  const remembered = context.generated.get(key);
  if (remembered === undefined || live === undefined) return remembered;
  if (live.metadata?.annotations?.[ANNOTATION_GENERATED_AT] !== remembered.generatedAt) return remembered;
  context.generated.delete(key); // the cache caught up
  return undefined;
}

function resolveSecret(child: DesiredChild, context: OnceContext): Resolved {
  const live = context.cache.child(child.manifest);
  const rotateAfterMs = child.secret?.rotateAfterMs;
  const remembered = rememberedOf(child, live, context);
  if (remembered !== undefined) {
    return {
      child: withValues(child, remembered, 'enforce'),
      rotateInMs: dueIn(remembered, rotateAfterMs, context),
    };
  }
  if (live === undefined) return generate(child, context, undefined);
  const kept = { data: dataOf(live), generatedAt: generatedAtOf(live) ?? '' };
  const rotateInMs = dueIn(kept, rotateAfterMs, context);
  if (rotateInMs !== undefined && rotateInMs <= 0) return generate(child, context, kept.generatedAt);
  return { child: withValues(child, kept, 'createOnly'), rotateInMs };
}

/** Milliseconds until the values are due for rotation (≤ 0: due; an unreadable time is due). */
function dueIn(
  values: GeneratedSecret,
  rotateAfterMs: number | undefined,
  context: OnceContext,
): number | undefined {
  if (rotateAfterMs === undefined) return undefined;
  const generatedMs = Date.parse(values.generatedAt);
  if (Number.isNaN(generatedMs)) return 0;
  return generatedMs + rotateAfterMs - context.now().getTime();
}

/** The values just rendered, stamped with the time, remembered and written (created or rotated). */
function generate(child: DesiredChild, context: OnceContext, previous: string | undefined): Resolved {
  const values = { data: dataOf(child.manifest), generatedAt: context.now().toISOString() };
  const key = childKey(child.manifest);
  context.generated.delete(key);
  if (context.generated.size >= MAX_REMEMBERED) {
    context.generated.delete(context.generated.keys().next().value ?? '');
  }
  context.generated.set(key, values);
  if (previous !== undefined) {
    // names the Secret and the times only: never a value
    const message = `${describeChild(child.manifest)}: new values (the last were generated ${previous})`;
    context.events.normal(context.cr, 'SecretRotated', message);
  }
  const rotateAfterMs = child.secret?.rotateAfterMs;
  return { child: withValues(child, values, 'enforce'), rotateInMs: rotateAfterMs };
}

function withValues(child: DesiredChild, values: GeneratedSecret, mode: ChildMode): DesiredChild {
  const manifest = child.manifest;
  const annotations = { ...manifest.metadata?.annotations };
  if (values.generatedAt !== '') annotations[ANNOTATION_GENERATED_AT] = values.generatedAt;
  const next = { ...manifest, data: { ...values.data }, metadata: { ...manifest.metadata, annotations } };
  // a kept Secret is never written: only what is written needs its desired-state hash
  return { ...child, manifest: mode === 'enforce' ? stampDesiredHash(next) : next, mode };
}
