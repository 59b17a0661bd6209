/**
 * autoscale — the operator autoscaler (spec §10.3): what a box measures of its own load (cumulative
 * counters any reader turns into the metrics of its window) and the state machine that moves a box
 * between its baseline and its overrides.
 */
export { Autoscaler } from './autoscaler.ts';
export type { AutoscaleChange, AutoscalerOptions, AutoscaleSetting } from './autoscaler.ts';
export { LoadMeter, windowMetrics } from './load-meter.ts';
export type { LoadReading } from './load-meter.ts';
