/**
 * The children of a custom resource as the Control Center shows them: each live child ready or
 * progressing (read from its status the way `kubectl rollout status` would), `prune` when no longer
 * desired, and each child the last reconcile applied that the cache lacks as `missing` (drift).
 */
import type { KubeObject } from '../../kube/index.ts';
import { childIdentityOf, type ChildIdentity } from '../../runtime/index.ts';
import type { ChildView } from '../../server/index.ts';

type Readiness = Pick<ChildView, 'state' | 'summary'>;

/** The children of a CR: its live ones, then the applied ones that are missing. */
export function childViews(
  live: readonly KubeObject[],
  applied: readonly ChildIdentity[] | undefined,
): ChildView[] {
  const desired = applied === undefined ? undefined : new Set(applied.map(identityKey));
  const seen = new Set<string>();
  const views = live.map((child): ChildView => {
    const id = childIdentityOf(child);
    seen.add(identityKey(id));
    // the live object's own fields too: the detail listed children as objects before it had states
    if (desired !== undefined && !desired.has(identityKey(id))) {
      return { ...child, ...id, state: 'prune', summary: 'no longer desired' };
    }
    return { ...child, ...id, ...readinessOf(child) };
  });
  for (const id of applied ?? []) {
    if (seen.has(identityKey(id))) continue;
    views.push({ ...id, state: 'missing', summary: 'deleted; the next reconcile recreates it', drift: true });
  }
  return views;
}

/** Group, kind, namespace and name: a cache may serve another version of the group than the one applied. */
function identityKey(id: ChildIdentity): string {
  const group = id.apiVersion.includes('/') ? id.apiVersion.slice(0, id.apiVersion.indexOf('/')) : '';
  return `${group}|${id.kind}|${id.namespace ?? ''}|${id.name}`;
}

interface Shape {
  metadata?: { generation?: number; deletionTimestamp?: string };
  spec?: { replicas?: number; completions?: number };
  status?: Record<string, unknown> & {
    observedGeneration?: number;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    phase?: string;
  };
}

/** Whether a live child is ready, with a short summary. */
export function readinessOf(child: KubeObject): Readiness {
  const shape = child as Shape;
  if (shape.metadata?.deletionTimestamp !== undefined) return { state: 'progressing', summary: 'deleting' };
  const byKind = KIND_READINESS[child.kind ?? ''];
  return byKind ? byKind(shape) : byConditions(shape);
}

const KIND_READINESS: Record<string, ((child: Shape) => Readiness) | undefined> = {
  Deployment: (c) => replicas(c, 'readyReplicas', c.spec?.replicas ?? 1),
  StatefulSet: (c) => replicas(c, 'readyReplicas', c.spec?.replicas ?? 1),
  ReplicaSet: (c) => replicas(c, 'readyReplicas', c.spec?.replicas ?? 1),
  DaemonSet: (c) => replicas(c, 'numberReady', numberAt(c, 'desiredNumberScheduled')),
  Job: job,
  Pod: pod,
  PersistentVolumeClaim: (c) => {
    const phase = c.status?.phase ?? 'Pending';
    return { state: phase === 'Bound' ? 'ready' : 'progressing', summary: phase.toLowerCase() };
  },
};

function numberAt(child: Shape, field: string): number {
  const value = child.status?.[field];
  return typeof value === 'number' ? value : 0;
}

/** `n/m ready`, ready when all are and the controller has seen the latest spec. */
function replicas(child: Shape, field: string, want: number): Readiness {
  const ready = numberAt(child, field);
  const seen = child.status?.observedGeneration ?? child.metadata?.generation ?? 0;
  const current = seen >= (child.metadata?.generation ?? 0);
  return { state: current && ready >= want ? 'ready' : 'progressing', summary: `${ready}/${want} ready` };
}

function job(child: Shape): Readiness {
  const want = child.spec?.completions ?? 1;
  if (numberAt(child, 'succeeded') >= want) return { state: 'ready', summary: 'complete' };
  const failed = child.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True');
  return { state: 'progressing', summary: failed === true ? 'failed' : 'running' };
}

function pod(child: Shape): Readiness {
  const phase = child.status?.phase ?? 'Pending';
  if (phase === 'Succeeded') return { state: 'ready', summary: 'succeeded' };
  const ready = child.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
  return { state: ready ? 'ready' : 'progressing', summary: phase.toLowerCase() };
}

/** Any other kind: its Ready or Available condition when it has one, else ready once it exists. */
function byConditions(child: Shape): Readiness {
  const condition = child.status?.conditions?.find((c) => c.type === 'Ready' || c.type === 'Available');
  if (condition === undefined) return { state: 'ready' };
  if (condition.status === 'True') return { state: 'ready', summary: condition.type?.toLowerCase() };
  const why = condition.reason ?? condition.message;
  return { state: 'progressing', summary: why === undefined ? 'not ready' : why };
}
