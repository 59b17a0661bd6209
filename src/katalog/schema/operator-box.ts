/** The operatorBox: resource groups per hook, status, cross, autoscale and providers of one CRD. */
import { z } from 'zod';
import { or, when } from './condition.ts';
import { labelMap } from './kube-names.ts';
import { duration, parseDurationMs, positiveDuration, rawObject, scalar, template } from './primitives.ts';
import * as other from './resources-other.ts';
import * as main from './resources.ts';
import { EMPTY, notYet } from './support.ts';

const list = <T extends z.ZodType>(schema: T, what: string) =>
  z.array(schema).default([]).describe(`${what} entries.`);

/** The resource lists of one hook (the value of onCreate / onReconcile / each onDelete group). */
export const resourceGroupShape = {
  namespaces: list(other.Namespace, 'Namespace'),
  serviceAccounts: list(other.ServiceAccount, 'ServiceAccount'),
  roles: list(other.Role, 'Role'),
  roleBindings: list(other.RoleBinding, 'RoleBinding'),
  clusterRoles: list(other.Role, 'ClusterRole'),
  clusterRoleBindings: list(other.RoleBinding, 'ClusterRoleBinding'),
  secrets: list(main.Secret, 'Secret'),
  configMaps: list(main.ConfigMap, 'ConfigMap'),
  persistentVolumeClaims: list(other.PersistentVolumeClaim, 'PersistentVolumeClaim'),
  deployments: list(main.Deployment, 'Deployment'),
  statefulSets: list(main.StatefulSet, 'StatefulSet'),
  daemonSets: list(main.DaemonSet, 'DaemonSet'),
  services: list(main.Service, 'Service'),
  ingresses: list(other.Ingress, 'Ingress'),
  jobs: list(main.Job, 'Job'),
  cronJobs: list(main.CronJob, 'CronJob'),
  horizontalPodAutoscalers: list(other.HorizontalPodAutoscaler, 'HorizontalPodAutoscaler'),
  hpa: list(other.HorizontalPodAutoscaler, 'Alias of `horizontalPodAutoscalers`:'),
  podDisruptionBudgets: list(other.PodDisruptionBudget, 'PodDisruptionBudget'),
  pdb: list(other.PodDisruptionBudget, 'Alias of `podDisruptionBudgets`:'),
  networkPolicies: list(other.NetworkPolicy, 'NetworkPolicy'),
  custom: list(other.Custom, 'Any-kind'),
  external: z
    .array(other.External)
    .default([])
    .describe('HTTP calls made in order before the resources; results in `.external.<name>`.'),
};

/** A resource group: the value of onCreate and onReconcile. */
export const ResourceGroup = z.strictObject(resourceGroupShape).meta({ id: 'ResourceGroup' });

/**
 * The resource lists of onDelete and its ordered groups: the same as a resource group's; their external
 * calls run before the group's resources (an ordered group's, before its children are deleted), and a
 * call that succeeded is not made again by a later pass of the same deletion.
 */
const deleteShape = resourceGroupShape;

/** One group of an ordered onDelete. */
export const DeleteStep = z.strictObject(deleteShape).meta({ id: 'DeleteStep' });

/** onDelete: a resource group run when the CR is deleted, optionally as ordered groups. */
export const DeleteGroup = z
  .strictObject({
    ...deleteShape,
    ordered: z.boolean().default(false).describe('Delete `groups` one after another, waiting for each.'),
    groups: z
      .array(DeleteStep)
      .default([])
      .describe('With `ordered`: resource groups deleted in this order.'),
    timeout: positiveDuration.default('5m').describe('How long deletion may wait for Jobs and groups.'),
  })
  .meta({ id: 'DeleteGroup' });

/** One declared status field. */
export const StatusField = z
  .strictObject({
    path: z.string().describe('Dotted path under `.status`, e.g. `phase` or `endpoint.host`.'),
    value: scalar.describe('The value (a template).'),
    type: z
      .enum(['string', 'int', 'float', 'bool', 'auto'])
      .default('auto')
      .describe('Type of the written value.'),
    when,
    or,
  })
  .meta({ id: 'StatusField' });

/** One observed CR of another operator. */
export const Cross = z
  .strictObject({
    crd: z.string().describe('Key of another CRD of the loaded Katalogs.'),
    selector: z
      .strictObject({
        name: template.optional().describe('Name of the observed CR (a template). Default: none.'),
        namespace: template.optional().describe('Its namespace. Default: the observing CR’s.'),
        matchLabels: labelMap.optional().describe('Label selector. Default: none.'),
      })
      .prefault({})
      .describe('Which CR is observed.'),
    as: z.string().optional().describe('Name in templates: `.cross.<as>`. Default: the `crd` key.'),
  })
  .meta({ id: 'Cross' });

/** The operator autoscaler of this box. */
export const Autoscale = z
  .strictObject({
    interval: positiveDuration
      .default('30s')
      .describe(
        'How often the conditions are evaluated; busy %, p95 and error rate are measured over the last interval.',
      ),
    cooldown: duration
      .default('2m')
      .describe('How long conditions must be false before the baseline returns.'),
    conditions: z
      .strictObject({ when, or })
      .prefault({})
      .describe(
        'When to scale; fields such as `metrics.queueDepth` or `cross.<crd>.metrics.workersBusyPercent`.',
      ),
    do: z
      .strictObject({
        workers: z.int().min(1).max(64).optional().describe('Workers while scaled. Default: unchanged.'),
        queueDepth: z
          .int()
          .min(0)
          .optional()
          .describe('Queue depth bound while scaled (0: unlimited). Default: unchanged.'),
      })
      .describe('The overrides applied while the conditions hold.'),
  })
  .meta({ id: 'Autoscale' });

/** A retry backoff whose longest delay is shorter than its first cannot grow: refused at `max`. */
function checkBackoffOrder(backoff: { initial: string; max: string }, ctx: z.core.$RefinementCtx): void {
  const initial = parseDurationMs(backoff.initial) ?? 0;
  if ((parseDurationMs(backoff.max) ?? Infinity) >= initial) return;
  ctx.addIssue({
    code: 'custom',
    path: ['max'],
    input: backoff.max,
    message: `"max" (${backoff.max}) must be at least "initial" (${backoff.initial})`,
  });
}

/** The queue of a box. */
export const Queue = z
  .strictObject({
    maxDepth: z.int().min(0).default(0).describe('Maximum queued keys; 0 is unlimited.'),
    failureThreshold: z.int().min(1).default(10).describe('Consecutive failures before the box is degraded.'),
    retryBackoff: z
      .strictObject({
        initial: positiveDuration.default('5ms').describe('First retry delay.'),
        max: positiveDuration.default('1000s').describe('Longest retry delay.'),
      })
      .superRefine(checkBackoffOrder)
      .prefault({})
      .describe('Per-item exponential retry backoff.'),
  })
  .meta({ id: 'Queue' });

/** Tuning shared by the CRD entry and the older `operatorBox.reconciler` block. */
export const tuningShape = {
  workers: z
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe('Concurrent reconciles for this CRD (1..64). Default: 2.'),
  resync: positiveDuration.optional().describe('Every CR is re-enqueued at this period. Default: 30s.'),
  queue: Queue.optional().describe('Queue limits and retry backoff. Default: see Queue.'),
};

/** The operatorBox. */
export const OperatorBox = z
  .strictObject({
    default: z
      .boolean()
      .default(true)
      .describe('The declarative reconciler; `false` is not supported and is a load error.'),
    reconciler: z
      .strictObject({
        ...tuningShape,
        default: z.boolean().optional().describe('Same as operatorBox.default. Default: true.'),
      })
      .optional()
      .describe('Older form of workers/resync/queue; accepted as an alias. Default: none.'),
    onCreate: ResourceGroup.prefault({}).describe('Resources created when missing.'),
    onReconcile: ResourceGroup.prefault({}).describe('Resources enforced every cycle.'),
    onDelete: DeleteGroup.prefault({}).describe('Resources created or Jobs run when the CR is deleted.'),
    finalizers: z
      .array(z.string())
      .default([])
      .describe('Extra finalizers; orkestra.orkspace.io/cleanup is always added.'),
    status: z
      .strictObject({
        conditions: z.boolean().default(true).describe('Own status.conditions[type=Ready].'),
        fields: z.array(StatusField).default([]).describe('Declared status fields; later entries win.'),
      })
      .prefault({})
      .describe('What the runtime writes to status.'),
    cross: z.array(Cross).default([]).describe('Observed CRs of other operators, read from the cache.'),
    autoscale: Autoscale.optional().describe('Operator autoscaler. Default: none.'),
    providers: notYet(
      z
        .record(z.string(), z.array(z.record(z.string(), rawObject)))
        .default({})
        .describe('Provider resources per declared provider, e.g. `{aws: [{s3: {bucket}}]}`.'),
      { feature: 'providers, spec §13', honours: EMPTY },
    ),
  })
  .meta({ id: 'OperatorBox' });
