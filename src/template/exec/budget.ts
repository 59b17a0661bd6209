/**
 * The bounds of one execution and the budget a whole execution (nested evaluations included) draws from, and
 * the {@link RunBudget} several executions share (all the templates of one reconcile): their total output and
 * a deadline. The engine is synchronous, so the clock is read inside it, every {@link CLOCK_EVERY} steps.
 */
import { DEFAULT_VALUE_LIMITS } from './limits.ts';
import type { ValueLimits } from './limits.ts';

/** Steps between two readings of the clock: cheap enough to be unnoticed, frequent enough to stop in time. */
export const CLOCK_EVERY = 1024;

/** The default bounds of one execution (docs/reference/katalog.md, TemplateLimits). */
export const DEFAULT_EXECUTE_LIMITS = {
  maxSteps: 1_000_000,
  maxOutputBytes: 4_194_304,
  maxDepth: 200,
  ...DEFAULT_VALUE_LIMITS,
} as const;

/**
 * A budget shared by several executions: their total output and their total time. Only the time spent inside
 * the engine counts (a reconcile also waits on the API server, which is no template's doing).
 */
export interface RunBudget {
  /** Output of all executions so far, in UTF-16 code units. */
  outputBytes: number;
  /** Largest total output. */
  readonly maxOutputBytes: number;
  /** Milliseconds the finished executions took. */
  spentMs: number;
  /** The time all executions may take. */
  readonly timeoutMs: number;
  /** The clock (milliseconds). */
  readonly now: () => number;
}

/** Creates a budget shared by the executions of one unit of work (one reconcile). */
export function createRunBudget(init: {
  maxOutputBytes: number;
  timeoutMs: number;
  now?: () => number;
}): RunBudget {
  return {
    outputBytes: 0,
    maxOutputBytes: init.maxOutputBytes,
    spentMs: 0,
    timeoutMs: init.timeoutMs,
    now: init.now ?? (() => performance.now()),
  };
}

/**
 * The deepest nesting an execution may reach, in levels: the body of an if or with, a parenthesized
 * command and a template call are one level each; a range body, a parenthesized argument and a note two
 * (the executor spends about twice the stack on them). The executor recurses for each level and Node's
 * stack is small (~1 MB): at 1,000 levels the deepest execution uses well under half of it wherever the
 * engine is called from, so a deep template stops with a located error, never a stack overflow. Any tree
 * the parser accepts (500 levels, MAX_PARSE_DEPTH) fits; recursing through `{{template}}` calls and notes
 * is what stops here, no real template comes near it.
 */
export const MAX_NESTING = 1000;

/** Bounds of one execution. */
export interface ExecuteOptions {
  /** Maximum evaluation steps (nodes, commands, iterations). @default 1_000_000 */
  maxSteps?: number;
  /** Maximum output size in UTF-16 code units. @default 4_194_304 */
  maxOutputBytes?: number;
  /** Maximum nesting of `{{template}}` calls and nested evaluations. @default 200 */
  maxDepth?: number;
  /** Largest string, list or map a function may build, in JSON bytes. @default 1_048_576 */
  maxValueBytes?: number;
  /** Deepest nesting of lists and maps a function may build. @default 100 */
  maxValueDepth?: number;
  /** The budget this execution shares with others (total output, deadline). @default none */
  run?: RunBudget | undefined;
}

/** Budgets shared by a whole execution, nested evaluations included. */
export interface Budget {
  steps: number;
  maxSteps: number;
  outputLength: number;
  maxOutput: number;
  depth: number;
  maxDepth: number;
  /** Levels of nesting open now (see {@link MAX_NESTING}). */
  nesting: number;
  values: ValueLimits;
  run: RunBudget | undefined;
  /** When this execution started, on the run's clock. */
  startedAt: number;
  root: unknown;
}

/** Creates the budget of one execution. */
export function createBudget(options: ExecuteOptions, root: unknown): Budget {
  const d = DEFAULT_EXECUTE_LIMITS;
  return {
    steps: 0,
    maxSteps: options.maxSteps ?? d.maxSteps,
    outputLength: 0,
    maxOutput: options.maxOutputBytes ?? d.maxOutputBytes,
    depth: 0,
    maxDepth: options.maxDepth ?? d.maxDepth,
    nesting: 0,
    values: {
      maxValueBytes: options.maxValueBytes ?? d.maxValueBytes,
      maxValueDepth: options.maxValueDepth ?? d.maxValueDepth,
    },
    run: options.run,
    startedAt: options.run?.now() ?? 0,
    root,
  };
}

/**
 * Counts one evaluation step; every {@link CLOCK_EVERY} steps, reads the clock of the shared deadline (the
 * engine is synchronous: nothing else could stop it). Returns the exceeded budget's message, if any.
 */
export function chargeStep(b: Budget): string | undefined {
  if (++b.steps > b.maxSteps) return `execution exceeded ${b.maxSteps} steps (maxSteps)`;
  const run = b.run;
  if (
    b.steps % CLOCK_EVERY === 0 &&
    run !== undefined &&
    run.spentMs + run.now() - b.startedAt > run.timeoutMs
  ) {
    return `the templates of this reconcile took longer than ${run.timeoutMs} ms (timeout)`;
  }
  return undefined;
}

/** Opens `levels` of nesting; returns the message when that goes past {@link MAX_NESTING}. */
export function enterNesting(b: Budget, levels: 1 | 2): string | undefined {
  if (b.nesting + levels > MAX_NESTING) {
    return `template nesting deeper than ${MAX_NESTING} levels (control structures, parentheses, template calls and notes together)`;
  }
  b.nesting += levels;
  return undefined;
}

/** Adds the time of a finished execution to its run. */
export function settleTime(b: Budget): void {
  if (b.run !== undefined) b.run.spentMs += b.run.now() - b.startedAt;
}

/** Counts printed output, in this execution and in the shared budget. Returns the exceeded budget's message. */
export function chargeOutput(b: Budget, length: number): string | undefined {
  b.outputLength += length;
  if (b.outputLength > b.maxOutput) return `output exceeded ${b.maxOutput} bytes (maxOutputBytes)`;
  const run = b.run;
  if (run === undefined) return undefined;
  run.outputBytes += length;
  return run.outputBytes > run.maxOutputBytes
    ? `the templates of this reconcile printed more than ${run.maxOutputBytes} bytes (maxReconcileOutputBytes)`
    : undefined;
}
