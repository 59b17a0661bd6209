/**
 * Kubernetes object helpers: name namespace labels annotations phase hasCondition conditionReason isSynced
 * readyReplicas desiredReplicas allReplicasReady jobSucceeded jobFailed jobActive. All nil-safe: a missing
 * object gives "", 0, an empty map or false.
 */
import type { FuncMap } from '../exec/func-types.ts';
import { isPlainObject } from '../exec/value.ts';
import { getPath, num, str } from './args.ts';

function conditions(obj: unknown): Record<string, unknown>[] {
  const list = getPath(obj, ['status', 'conditions']);
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
}

function findCondition(obj: unknown, type: unknown): Record<string, unknown> | undefined {
  const t = str(type);
  return conditions(obj).find((c) => c.type === t);
}

/** `hasCondition OBJ TYPE [STATUS]`: the condition exists with that status (default "True"). */
function hasCondition(obj: unknown, type: unknown, status?: unknown): boolean {
  const c = findCondition(obj, type);
  return c !== undefined && str(c.status) === (status === undefined ? 'True' : str(status));
}

function intAt(obj: unknown, path: string[], fallback: number): number {
  const v = getPath(obj, path);
  return v === undefined || v === null ? fallback : Math.trunc(num(v).value);
}

function mapAt(obj: unknown, path: string[]): unknown {
  const v = getPath(obj, path);
  return isPlainObject(v) ? v : {};
}

function readyReplicas(obj: unknown): number {
  return intAt(obj, ['status', 'readyReplicas'], 0);
}

function desiredReplicas(obj: unknown): number {
  return intAt(obj, ['spec', 'replicas'], 1);
}

/** The Kubernetes object functions. */
export const KUBE_FUNCS: FuncMap = {
  name: (obj) => str(getPath(obj, ['metadata', 'name'])),
  namespace: (obj) => str(getPath(obj, ['metadata', 'namespace'])),
  labels: (obj) => mapAt(obj, ['metadata', 'labels']),
  annotations: (obj) => mapAt(obj, ['metadata', 'annotations']),
  phase: (obj) => str(getPath(obj, ['status', 'phase'])),
  hasCondition,
  conditionReason: (obj, type) => str(findCondition(obj, type)?.reason),
  isSynced: (obj) => {
    const gen = getPath(obj, ['metadata', 'generation']);
    const observed = getPath(obj, ['status', 'observedGeneration']);
    return gen !== undefined && observed !== undefined && num(observed).value >= num(gen).value;
  },
  readyReplicas,
  desiredReplicas,
  allReplicasReady: (obj) => obj !== undefined && obj !== null && readyReplicas(obj) >= desiredReplicas(obj),
  jobSucceeded: (obj) => intAt(obj, ['status', 'succeeded'], 0) > 0 || hasCondition(obj, 'Complete'),
  jobFailed: (obj) => hasCondition(obj, 'Failed'),
  jobActive: (obj) => intAt(obj, ['status', 'active'], 0) > 0,
};
