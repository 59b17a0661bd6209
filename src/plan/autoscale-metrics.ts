/**
 * The metrics the operator autoscaler's conditions read (spec §10.3): a box's own as `metrics.<name>`,
 * another box's as `cross.<crd>.metrics.<name>`. Shared by the Katalog checks (which names exist, which
 * CRD a path reads) and the runtime (which boxes it must read).
 */

/** Every metric a box exposes to autoscale conditions. */
export const AUTOSCALE_METRICS = [
  'queueDepth',
  'workers',
  'workersBusyPercent',
  'reconcileDurationP95Ms',
  'errorRatePercent',
] as const;

/** One metric name. */
export type AutoscaleMetric = (typeof AUTOSCALE_METRICS)[number];

/** The metrics of one box at one evaluation. */
export type AutoscaleMetrics = Readonly<Record<AutoscaleMetric, number>>;

/** What a condition path reads: this box's metric, another box's (by the name written), or neither. */
export type MetricPath =
  | { readonly box: 'own'; readonly metric: string }
  | { readonly box: 'cross'; readonly name: string; readonly metric: string }
  | undefined;

/** Splits `metrics.<m>` or `cross.<name>.metrics.<m>`; undefined for any other path. */
export function parseMetricPath(path: string): MetricPath {
  const parts = path.split('.');
  if (parts.length === 2 && parts[0] === 'metrics') return { box: 'own', metric: parts[1] ?? '' };
  if (parts.length === 4 && parts[0] === 'cross' && parts[2] === 'metrics') {
    return { box: 'cross', name: parts[1] ?? '', metric: parts[3] ?? '' };
  }
  return undefined;
}

/** `.cross.<name>.metrics` read by a template (a field or an operand written as a template). */
const TEMPLATE_CROSS = /\.cross\.([A-Za-z0-9_-]+)\.metrics\b/g;

/** The names of other boxes a template reads the metrics of. */
export function crossMetricsInTemplate(text: string): string[] {
  return [...text.matchAll(TEMPLATE_CROSS)].map((m) => m[1] ?? '');
}
