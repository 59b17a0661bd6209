/**
 * Runs a box's operator autoscaler (spec §10.3) and carries out what it decides: resizes the
 * controller's worker pool and bounds its queue, logs the change, records an Event on the box's
 * CustomResourceDefinition (a cluster-scoped object every user of the CRD can find:
 * `kubectl describe crd <plural>.<group>`, or the Events of namespace `default`, where Kubernetes
 * keeps the Events of cluster-scoped objects), and exports it as `orkestra_autoscale_active`,
 * `orkestra_autoscale_changes_total` and `orkestra_workers`.
 */
import type { EventRecorder, GroupVersionResource, KubeClient, KubeObject } from '../../kube/index.ts';
import type { Logger, RuntimeMetrics } from '../../observability/index.ts';
import type { AutoscalePlan, Plan } from '../../plan/index.ts';
import { createTemplateRenderer } from '../../resources/index.ts';
import { Autoscaler, type AutoscaleChange, type LoadReading } from '../autoscale/index.ts';
import type { Clock } from '../clock.ts';
import type { Controller } from '../controller/index.ts';
import { katalogFunctions } from '../reconcile/index.ts';

const CRDS: GroupVersionResource = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  namespaced: false,
};

/** What the autoscaler of a box needs from the box and the process. */
export interface BoxAutoscaleInput {
  readonly plan: Plan & { readonly autoscale: AutoscalePlan };
  readonly controller: Controller;
  readonly clock: Clock;
  readonly own: () => LoadReading;
  readonly peer: (crd: string) => LoadReading | undefined;
  readonly client: KubeClient;
  readonly recorder: EventRecorder | undefined;
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger;
}

/** The CRD object Events are recorded on; its uid is read once, so `kubectl describe crd` lists them. */
function crdObject(input: BoxAutoscaleInput): () => Promise<KubeObject> {
  const name = `${input.plan.plural}.${input.plan.gvk.group}`;
  const object = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
  let found: Promise<KubeObject> | undefined;
  return () =>
    (found ??= input.client.get(CRDS, name).then(
      (crd) => ({ ...object, metadata: { name, uid: crd.metadata?.uid } }),
      () => ({ ...object, metadata: { name } }),
    ));
}

/** Applies a change to the controller and reports it (log, Event, metrics). */
function carryOut(input: BoxAutoscaleInput, crd: () => Promise<KubeObject>) {
  const key = input.plan.key;
  return (change: AutoscaleChange): void => {
    const { controller, metrics, logger } = input;
    controller.resize(change.to.workers);
    controller.queue.setMaxDepth(change.to.queueDepth > 0 ? change.to.queueDepth : Infinity);
    metrics.workers.set({ crd: key }, change.to.workers);
    metrics.autoscaleActive.set({ crd: key }, change.active ? 1 : 0);
    metrics.autoscaleChanges.inc({ crd: key, to: change.active ? 'overrides' : 'baseline' });
    logger.info('autoscale', {
      crd: key,
      active: change.active,
      workers: change.to.workers,
      queueDepth: change.to.queueDepth,
      message: change.message,
    });
    const reason = change.active ? 'AutoscaleApplied' : 'AutoscaleReverted';
    void crd().then((object) =>
      input.recorder?.record(object, { reason, message: change.message, action: 'Autoscale' }),
    );
  };
}

/** The autoscaler of a box whose Plan declares one, ready to start. */
export function boxAutoscaler(input: BoxAutoscaleInput): Autoscaler {
  const { plan, logger } = input;
  const errors = new Set<string>();
  input.metrics.autoscaleActive.set({ crd: plan.key }, 0);
  return new Autoscaler({
    plan: plan.autoscale,
    baseline: { workers: plan.workers, queueDepth: plan.queue.maxDepth },
    clock: input.clock,
    own: input.own,
    peer: input.peer,
    render: createTemplateRenderer({
      funcs: katalogFunctions(plan.notes, () => new Date(input.clock.now())),
      limits: plan.templateLimits,
      templates: plan.templates,
    }),
    onChange: carryOut(input, crdObject(input)),
    onError: (message) => {
      // Once per distinct message: a broken condition fails the same way every interval.
      if (errors.has(message)) return;
      errors.add(message);
      logger.warn('autoscale conditions could not be evaluated', { crd: plan.key, error: message });
    },
  });
}
