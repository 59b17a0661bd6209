/**
 * Structured logs: JSON lines with constant messages and keys (crd, namespace, name,
 * reconcileID), through pino. The rest of the code sees only the small {@link Logger} interface.
 */
import { pino, type DestinationStream } from 'pino';

/** Fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** The logger the product uses; `child` binds fields to every later line. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** Log levels, from the most verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** Where lines go. @default stderr */
  destination?: DestinationStream;
}

/** Creates the process's root logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
  return wrap(base);
}

function wrap(p: pino.Logger): Logger {
  return {
    debug: (message, fields) => {
      p.debug(fields ?? {}, message);
    },
    info: (message, fields) => {
      p.info(fields ?? {}, message);
    },
    warn: (message, fields) => {
      p.warn(fields ?? {}, message);
    },
    error: (message, fields) => {
      p.error(fields ?? {}, message);
    },
    child: (fields) => wrap(p.child(fields)),
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
