/**
 * Entry points of execution: text output, or a typed whole-value result (spec §6.1).
 */
import { LoopSignal, State } from './executor.ts';
import { createBudget, settleTime } from './budget.ts';
import { engineLimitMessage, isEngineLimit, withValueLimits } from './limits.ts';
import type { ExecuteOptions } from './budget.ts';
import type { ParsedTemplate } from './template.ts';

function rethrow(e: unknown, state: State): never {
  if (e instanceof LoopSignal) state.fail(e.message);
  if (isEngineLimit(e)) state.fail(engineLimitMessage(e), true);
  throw e;
}

/**
 * Executes a template against data and returns the text it prints.
 * @throws TemplateExecError on a failing call, TemplateLimitError when a bound is exceeded.
 */
export function executeParsed(tmpl: ParsedTemplate, data: unknown, options: ExecuteOptions = {}): string {
  const state = new State(tmpl, createBudget(options, data), []);
  return withValueLimits(state.budget.values, () => {
    try {
      state.run(tmpl.root, data);
    } catch (e) {
      rethrow(e, state);
    } finally {
      settleTime(state.budget);
    }
    return state.out.join('');
  });
}

/**
 * Executes a template and keeps the type of a whole-value result (spec §6.1): a template that is exactly one
 * action returns that action's value (a number stays a number, a map a map; nil is undefined); any other
 * template returns its text.
 * @throws TemplateExecError on a failing call, TemplateLimitError when a bound is exceeded.
 */
export function evaluateParsed(tmpl: ParsedTemplate, data: unknown, options: ExecuteOptions = {}): unknown {
  const state = new State(tmpl, createBudget(options, data), []);
  return withValueLimits(state.budget.values, () => {
    try {
      return state.evaluateTree(data);
    } catch (e) {
      return rethrow(e, state);
    } finally {
      settleTime(state.budget);
    }
  });
}
