/**
 * observability — structured JSON logs and Prometheus metrics, both written here (no logging or
 * metrics library: each would cost every process memory for features the runtime does not use).
 * Everything else uses the {@link Logger} interface and {@link RuntimeMetrics}.
 */
export { createLogger, silentLogger } from './logger.ts';
export type { Logger, LogLevel } from './logger.ts';
export { RuntimeMetrics } from './metrics.ts';
