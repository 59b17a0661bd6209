/** Normalises conditions: one canonical operator and its operand per condition. */
import { CONDITION_OPERATORS } from '../schema/condition.ts';
import { isTemplate } from '../schema/primitives.ts';
import type { ConditionPlan, Conditions, PlanScalar } from '../../plan/index.ts';

type RawCondition = Readonly<Record<string, unknown>> & { readonly field: string };

const ALIASES: Readonly<Record<string, ConditionPlan['operator']>> = {
  hasPrefix: 'prefix',
  hasSuffix: 'suffix',
};

function canonical(op: string): ConditionPlan['operator'] {
  return ALIASES[op] ?? (op as ConditionPlan['operator']);
}

/** Compiles one schema-valid condition (exactly one operator is guaranteed by the schema). */
export function compileCondition(raw: RawCondition): ConditionPlan {
  const fieldIsTemplate = isTemplate(raw.field);
  const base = { field: raw.field, fieldIsTemplate };
  if (typeof raw['operator'] === 'string') {
    return { ...base, operator: canonical(raw['operator']), value: raw['value'] as PlanScalar | undefined };
  }
  const op = CONDITION_OPERATORS.find((o) => raw[o] !== undefined) ?? 'exists';
  const operand = raw[op];
  if (op === 'exists' || op === 'notExists') {
    const positive = (op === 'exists') === (operand !== false);
    return { ...base, operator: positive ? 'exists' : 'notExists', value: undefined };
  }
  return { ...base, operator: canonical(op), value: operand as ConditionPlan['value'] };
}

/** Compiles `when` and `or` lists. */
export function compileConditions(raw: {
  readonly when: readonly RawCondition[];
  readonly or: readonly RawCondition[];
}): Conditions {
  return { when: raw.when.map(compileCondition), or: raw.or.map(compileCondition) };
}

function isRegexCondition(node: Readonly<Record<string, unknown>>): boolean {
  return typeof node['field'] === 'string' && (node['regex'] !== undefined || node['operator'] === 'regex');
}

/**
 * True when a `regex` condition appears anywhere in a CRD entry: the box then loads the regular
 * expression engine before its first reconcile. A false alarm (an override that looks like one) only
 * costs loading it.
 */
export function holdsRegexCondition(entry: unknown): boolean {
  const stack: unknown[] = [entry];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (!Array.isArray(node) && isRegexCondition(node as Record<string, unknown>)) return true;
    stack.push(...(Object.values(node) as unknown[]));
  }
  return false;
}
