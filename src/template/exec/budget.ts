/**
 * The bounds of one execution and the budget a whole execution (nested evaluations included) draws from.
 */

/** Bounds of one execution. */
export interface ExecuteOptions {
  /** Maximum evaluation steps (nodes, commands, iterations). @default 1_000_000 */
  maxSteps?: number;
  /** Maximum output size in UTF-16 code units. @default 4_194_304 */
  maxOutputBytes?: number;
  /** Maximum nesting of `{{template}}` calls and nested evaluations. @default 200 */
  maxDepth?: number;
}

/** Budgets shared by a whole execution, nested evaluations included. */
export interface Budget {
  steps: number;
  maxSteps: number;
  outputLength: number;
  maxOutput: number;
  depth: number;
  maxDepth: number;
  root: unknown;
}

/** Creates the budget of one execution. */
export function createBudget(options: ExecuteOptions, root: unknown): Budget {
  return {
    steps: 0,
    maxSteps: options.maxSteps ?? 1_000_000,
    outputLength: 0,
    maxOutput: options.maxOutputBytes ?? 4_194_304,
    depth: 0,
    maxDepth: options.maxDepth ?? 200,
    root,
  };
}
