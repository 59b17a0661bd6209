/**
 * The operator autoscaler of a CRD entry (spec §10.3) as its Plan holds it: durations in ms, the
 * overrides, the conditions, and which other boxes' metrics those conditions read.
 */
import type { CrdEntry } from '../schema/katalog.ts';
import { parseDurationMs } from '../schema/primitives.ts';
import { compileConditions } from './compile-conditions.ts';
import { crossMetricsInTemplate, parseMetricPath, type AutoscalePlan } from '../../plan/index.ts';

type Box = CrdEntry['operatorBox'];
type RawCondition = Readonly<Record<string, unknown>> & { readonly field: string };

/** The names after `cross.` that the autoscale conditions read metrics of, in order, once each. */
export function crossMetricNames(conditions: {
  readonly when: readonly RawCondition[];
  readonly or: readonly RawCondition[];
}): string[] {
  const names: string[] = [];
  for (const condition of [...conditions.when, ...conditions.or]) {
    const path = parseMetricPath(condition.field);
    if (path?.box === 'cross') names.push(path.name);
    for (const text of Object.values(condition)) {
      if (typeof text === 'string') names.push(...crossMetricsInTemplate(text));
    }
  }
  return [...new Set(names)];
}

/**
 * The CRD key a name after `cross.` stands for: the `crd` of this box's cross entry with that `as`,
 * else the name itself when it is a CRD key; undefined when it is neither.
 */
export function resolveCrossName(name: string, box: Box, crdKeys: readonly string[]): string | undefined {
  const entry = box.cross.find((c) => (c.as ?? c.crd) === name);
  if (entry !== undefined) return entry.crd;
  return crdKeys.includes(name) ? name : undefined;
}

/** The autoscale of a CRD entry; undefined when it declares none. */
export function compileAutoscale(box: Box, crdKeys: readonly string[]): AutoscalePlan | undefined {
  const a = box.autoscale;
  if (a === undefined) return undefined;
  const crossMetrics: Record<string, string> = {};
  for (const name of crossMetricNames(a.conditions)) {
    const crd = resolveCrossName(name, box, crdKeys);
    if (crd !== undefined) crossMetrics[name] = crd;
  }
  return {
    intervalMs: parseDurationMs(a.interval) ?? 30_000,
    cooldownMs: parseDurationMs(a.cooldown) ?? 120_000,
    workers: a.do.workers,
    queueDepth: a.do.queueDepth,
    crossMetrics,
    ...compileConditions(a.conditions),
  };
}
