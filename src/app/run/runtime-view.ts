/** The running boxes as the HTTP API reads them (the server's {@link RuntimeView}). */
import type { KubeObject } from '../../kube/index.ts';
import type { RuntimeMetrics } from '../../observability/index.ts';
import type { Manager, OperatorBox } from '../../runtime/index.ts';
import type {
  BoxSummary,
  BoxView,
  CustomResourceSummary,
  LeaderView,
  RuntimeView,
} from '../../server/index.ts';

/** Builds the view of a running process. */
export function runtimeView(parts: {
  name: string;
  boxes: readonly OperatorBox[];
  manager: Manager;
  metrics: RuntimeMetrics;
  /** Who leads (leader election), for `/katalog`. */
  leader?: () => LeaderView;
}): RuntimeView {
  const { name, boxes, manager, metrics, leader } = parts;
  const views = new Map(boxes.map((b) => [b.plan.key, boxView(b)]));
  return {
    katalogName: () => name,
    boxes: () => [...views.values()],
    box: (crd) => views.get(crd),
    readiness: () => manager.readiness(),
    ...(leader === undefined ? {} : { leader }),
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
  }
}

function boxView(box: OperatorBox): BoxView {
  return {
    summary: () => summaryOf(box),
    listCustomResources: () => box.customResources().map(crSummary),
    customResource: (namespace, name) => box.customResource(namespace ? `${namespace}/${name}` : name),
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
  };
}

interface StatusShape {
  observedGeneration?: number;
  conditions?: { type: string; status: string }[];
}

function crSummary(cr: KubeObject): CustomResourceSummary {
  const status = (cr['status'] ?? {}) as StatusShape;
  return {
    namespace: cr.metadata?.namespace,
    name: cr.metadata?.name ?? '',
    ready: status.conditions?.find((c) => c.type === 'Ready')?.status,
    observedGeneration: status.observedGeneration,
    generation: cr.metadata?.generation,
  };
}
