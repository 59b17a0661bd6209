/** The running boxes as the HTTP API reads them (the server's {@link RuntimeView}). */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import type { RuntimeMetrics } from '../../observability/index.ts';
import type { CrChange, Manager, OperatorBox, WatchRestartReason } from '../../runtime/index.ts';
import { keyOf } from '../../runtime/index.ts';
import { childViews } from './child-states.ts';
import type { RunInput } from './run-input.ts';
import type {
  BoxSummary,
  BoxView,
  CustomResourceDetail,
  CustomResourceSummary,
  LeaderView,
  RuntimeView,
  ViewChange,
} from '../../server/index.ts';

/** Builds the view of a running process. */
export function runtimeView(parts: {
  /** The run's input: the Katalog's name, and its text and warnings for `/katalog/source`. */
  input: Pick<RunInput, 'katalogName' | 'source'>;
  boxes: readonly OperatorBox[];
  manager: Manager;
  metrics: RuntimeMetrics;
  /** Who leads (leader election), for `/katalog`. */
  leader?: () => LeaderView;
}): RuntimeView {
  const { boxes, manager, metrics, leader } = parts;
  const { katalogName: name, source } = parts.input;
  const plans = boxes.map((b) => b.plan);
  const views = new Map(boxes.map((b) => [b.plan.key, boxView(b, plans)]));
  return {
    katalogName: () => name,
    boxes: () => [...views.values()],
    box: (crd) => views.get(crd),
    readiness: () => manager.readiness(),
    ...(leader === undefined ? {} : { leader }),
    ...(source === undefined ? {} : { source: () => source }),
    observe: (listener) => {
      const stops = boxes.map((box) =>
        box.activity.observe((change) => {
          for (const c of viewChanges(box, change)) listener(c);
        }),
      );
      return () => {
        for (const stop of stops) stop();
      };
    },
    metrics: async () => {
      refreshGauges(boxes, metrics);
      return { contentType: metrics.contentType, text: await metrics.text() };
    },
  };
}

/** Sets the gauges that are read rather than counted: queue depth, busy workers, managed objects. */
export function refreshGauges(boxes: readonly OperatorBox[], metrics: RuntimeMetrics): void {
  for (const box of boxes) {
    const crd = box.plan.key;
    const load = box.load();
    metrics.queueDepth.set({ crd }, load.depth);
    metrics.workersBusy.set({ crd }, load.busy);
    metrics.managedObjects.set({ crd }, box.customResources().length);
    refreshWatchMetrics(box, metrics, Date.now());
  }
}

/** The figures of one resource's watches in a box (one per namespace it watches, or one). */
interface WatchFigures {
  oldestContact: number;
  healthy: boolean;
  relists: number;
  gone: number;
  throttled: number;
  restarts: Record<WatchRestartReason, number>;
}

/** Sets a box's watch series, summed per resource, from its informers' counters (read, not counted). */
function refreshWatchMetrics(box: OperatorBox, metrics: RuntimeMetrics, now: number): void {
  const crd = box.plan.key;
  const byResource = new Map<string, WatchFigures>();
  for (const h of box.watchHealth()) {
    const f = byResource.get(h.resource) ?? {
      oldestContact: Infinity,
      healthy: true,
      relists: 0,
      gone: 0,
      throttled: 0,
      restarts: { inactivity: 0, gone: 0, throttled: 0, error: 0 },
    };
    f.oldestContact = Math.min(f.oldestContact, h.lastContactAt ?? now);
    f.healthy &&= h.disconnectedSince === undefined;
    f.relists += h.relists;
    f.gone += h.gone;
    f.throttled += h.throttled;
    for (const reason of RESTART_REASONS) f.restarts[reason] += h.restarts[reason];
    byResource.set(h.resource, f);
  }
  for (const [resource, f] of byResource) {
    const labels = { crd, resource };
    metrics.watchLastEventAge.set(labels, Math.max(0, (now - f.oldestContact) / 1000));
    metrics.watchHealthy.set(labels, f.healthy ? 1 : 0);
    metrics.watchRelists.setTotal(labels, f.relists);
    metrics.watchGone.setTotal(labels, f.gone);
    metrics.watchThrottled.setTotal(labels, f.throttled);
    for (const reason of RESTART_REASONS) {
      metrics.watchRestarts.setTotal({ ...labels, reason }, f.restarts[reason]);
    }
  }
}

const RESTART_REASONS: readonly WatchRestartReason[] = ['inactivity', 'gone', 'throttled', 'error'];

function boxView(box: OperatorBox, plans: readonly Plan[]): BoxView {
  return {
    summary: () => summaryOf(box),
    listCustomResources: () => box.customResources().map((cr) => crSummary(box, cr)),
    customResource: (namespace, name) => crDetail(box, namespace ? `${namespace}/${name}` : name),
    // loaded on the first preview: ork render's code costs an idle run nothing
    render: async (cr) => (await import('./render-preview.ts')).renderPreview(box, plans, cr),
  };
}

function summaryOf(box: OperatorBox): BoxSummary {
  const { plan } = box;
  return {
    crd: plan.key,
    description: plan.description,
    group: plan.gvk.group,
    version: plan.gvk.version,
    kind: plan.gvk.kind,
    plural: plan.plural,
    namespaced: plan.scope === 'Namespaced',
    workers: box.load().workers,
    resyncSeconds: plan.resyncMs / 1000,
    managedObjects: box.customResources().length,
    health: box.health(),
    stats: statsOf(box),
  };
}

function statsOf(box: OperatorBox): BoxSummary['stats'] {
  const { depth, busy } = box.load();
  return {
    queueDepth: depth,
    workersBusy: busy,
    reconciles: box.activity.reconcileTotals(),
    at: new Date().toISOString(),
  };
}

/** What the stream sends for a change of a box: a reconcile changes the CR's item and its detail. */
function viewChanges(box: OperatorBox, change: CrChange): ViewChange[] {
  const crd = box.plan.key;
  if (change.type === 'child') return [{ crd, type: 'child', ...namespaceAndName(change.key) }];
  const item = crSummary(box, change.cr);
  if (change.type !== 'reconciled') return [{ crd, type: change.type, item }];
  const { namespace, name } = item;
  return [
    { crd, type: 'upsert', item },
    { crd, type: 'child', namespace, name },
  ];
}

/** `ns/name` or, cluster-scoped, `name`. */
function namespaceAndName(key: string): { namespace: string | undefined; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** A CR with its conditions, its children's states, its recent events and its last reconcile. */
function crDetail(box: OperatorBox, key: string): CustomResourceDetail | undefined {
  const found = box.customResource(key);
  if (found === undefined) return undefined;
  const { object, children, events } = found;
  const last = box.activity.lastReconcile(key);
  const conditions = (object['status'] as StatusShape | undefined)?.conditions ?? [];
  return {
    object,
    conditions,
    children: childViews(children, box.activity.appliedChildren(key)),
    events,
    ...(last === undefined
      ? {}
      : {
          lastReconcile: { at: last.at, result: last.result, error: last.error, durationMs: last.durationMs },
        }),
  };
}

interface StatusShape {
  observedGeneration?: number;
  conditions?: { type: string; status: string }[];
}

function crSummary(box: OperatorBox, cr: KubeObject): CustomResourceSummary {
  const status = (cr['status'] ?? {}) as StatusShape;
  return {
    namespace: cr.metadata?.namespace,
    name: cr.metadata?.name ?? '',
    ready: status.conditions?.find((c) => c.type === 'Ready')?.status,
    observedGeneration: status.observedGeneration,
    generation: cr.metadata?.generation,
    createdAt: cr.metadata?.creationTimestamp,
    ...lastReconcileOf(box, cr),
  };
}

/** The CR's last error and reconcile time, when it was reconciled since the box started. */
function lastReconcileOf(
  box: OperatorBox,
  cr: KubeObject,
): Pick<CustomResourceSummary, 'lastError' | 'lastReconcileAt'> {
  const last = box.activity.lastReconcile(keyOf(cr));
  if (last === undefined) return {};
  return { lastError: last.lastError, lastReconcileAt: last.at };
}
