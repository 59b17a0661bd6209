/** A short, structured summary of a Plan, for `ork validate` and the health API. */
import type { HookPlan, Plan } from '../../plan/index.ts';

/** Counts of what one hook does. */
export interface HookSummary {
  /** Resource entries. */
  readonly resources: number;
  /** Entries per kind, e.g. `{Deployment: 1, Service: 1}`. */
  readonly kinds: Readonly<Record<string, number>>;
  /** HTTP calls. */
  readonly external: number;
}

/** What `ork validate` prints per CRD. */
export interface PlanSummary {
  /** CRD key. */
  readonly key: string;
  /** `group/version, Kind=Kind`. */
  readonly gvk: string;
  /** Plural. */
  readonly plural: string;
  /** Scope. */
  readonly scope: string;
  /** Enabled. */
  readonly enabled: boolean;
  /** Workers. */
  readonly workers: number;
  /** Resync in ms. */
  readonly resyncMs: number;
  /** Per hook. */
  readonly hooks: {
    readonly onCreate: HookSummary;
    readonly onReconcile: HookSummary;
    readonly onDelete: HookSummary;
  };
  /** Rule counts. */
  readonly rules: {
    readonly conditions: number;
    readonly validation: number;
    readonly mutation: number;
    readonly statusFields: number;
    readonly normalize: number;
    readonly conversionPaths: number;
    readonly cross: number;
  };
}

function summarizeHook(hooks: readonly HookPlan[]): HookSummary {
  const kinds: Record<string, number> = {};
  let external = 0;
  let resources = 0;
  for (const hook of hooks) {
    external += hook.external.length;
    resources += hook.resources.length;
    for (const r of hook.resources) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  }
  return { resources, kinds, external };
}

function countConditions(plan: Plan): number {
  const hooks = [
    plan.hooks.onCreate,
    plan.hooks.onReconcile,
    plan.hooks.onDelete,
    ...plan.hooks.onDelete.groups,
  ];
  const items = [
    ...hooks.flatMap((h) => [...h.resources, ...h.external]),
    ...plan.status.fields,
    ...(plan.autoscale ? [plan.autoscale] : []),
  ];
  return items.reduce((n, c) => n + c.when.length + c.or.length, 0);
}

/** Summarises a Plan. */
export function summarizePlan(plan: Plan): PlanSummary {
  const { onCreate, onReconcile, onDelete } = plan.hooks;
  return {
    key: plan.key,
    gvk: `${plan.apiVersion}, Kind=${plan.gvk.kind}`,
    plural: plan.plural,
    scope: plan.scope,
    enabled: plan.enabled,
    workers: plan.workers,
    resyncMs: plan.resyncMs,
    hooks: {
      onCreate: summarizeHook([onCreate]),
      onReconcile: summarizeHook([onReconcile]),
      onDelete: summarizeHook([onDelete, ...onDelete.groups]),
    },
    rules: {
      conditions: countConditions(plan),
      validation: plan.validation.length,
      mutation: plan.mutation?.rules.length ?? 0,
      statusFields: plan.status.fields.length,
      normalize: plan.normalize.length,
      conversionPaths: plan.conversion?.paths.length ?? 0,
      cross: plan.cross.length,
    },
  };
}
