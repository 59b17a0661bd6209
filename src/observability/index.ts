/**
 * observability — structured logs (pino) and Prometheus metrics (prom-client). The only folder
 * that imports those libraries; everything else uses the {@link Logger} interface and
 * {@link RuntimeMetrics}.
 */
export { createLogger, silentLogger } from './logger.ts';
export type { LogFields, Logger, LoggerOptions, LogLevel } from './logger.ts';
export { RuntimeMetrics } from './metrics.ts';
export type { ReconcileOutcome } from './metrics.ts';
