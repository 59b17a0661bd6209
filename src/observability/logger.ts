/**
 * Structured logs: one JSON object per line with a constant message and keys (crd, namespace,
 * name, reconcileID). Written by hand rather than through a logging library: the format is small
 * and every import on the `ork run` path costs every user memory.
 */

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

/** Where log lines go. */
export interface LogDestination {
  write(line: string): unknown;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** Where lines go. @default stderr */
  destination?: LogDestination;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Creates the process's root logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  return bound({ minimum: RANK[options.level ?? 'info'], destination, fields: {} });
}

interface Sink {
  minimum: number;
  destination: LogDestination;
  fields: LogFields;
}

function bound(sink: Sink): Logger {
  const log = (level: Exclude<LogLevel, 'silent'>) => (message: string, fields?: LogFields) => {
    if (RANK[level] < sink.minimum) return;
    const line = { level, time: new Date().toISOString(), ...sink.fields, ...fields, msg: message };
    sink.destination.write(`${JSON.stringify(line, errorsAsText)}\n`);
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => bound({ ...sink, fields: { ...sink.fields, ...fields } }),
  };
}

function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? value.message : value;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
