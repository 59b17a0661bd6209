/**
 * Evaluates conditions (spec §7) against the data context: the field is a dotted path or a template,
 * operands are templates; `when` needs every condition, `or` at least one, and a gate with both needs both.
 */
import { CONDITION_OPERATORS, isTemplateText, type Condition, type ConditionGate } from '../../plan/index.ts';
import { ConditionError } from '../errors.ts';
import { readPath } from '../path.ts';
import type { RenderFn, TemplateData } from '../types.ts';
import { OperandError, applyOperator, isKnownOperator } from './operators.ts';

/** Where conditions are evaluated: the data context and the template renderer. */
export interface ConditionScope {
  /** The data context (spec §6.2). */
  readonly data: TemplateData;
  /** Renders templates in fields and operands. */
  readonly render: RenderFn;
}

const SHORTHANDS = CONDITION_OPERATORS;

interface Selected {
  readonly operator: string;
  readonly operand: unknown;
}

function selectOperator(condition: Condition): Selected {
  if (condition.operator !== undefined) return { operator: condition.operator, operand: condition.value };
  const key = SHORTHANDS.find((name) => condition[name] !== undefined);
  if (key === undefined) throw new ConditionError(condition.field, 'no operator');
  const operand = condition[key];
  if (key === 'exists' && operand === false) return { operator: 'notExists', operand: undefined };
  if (key === 'notExists' && operand === false) return { operator: 'exists', operand: undefined };
  return { operator: key, operand };
}

function renderOperand(operand: unknown, scope: ConditionScope): unknown {
  if (isTemplateText(operand)) return scope.render(operand, scope.data);
  if (Array.isArray(operand)) return operand.map((element: unknown) => renderOperand(element, scope));
  return operand;
}

/**
 * The value a condition tests: a template's result, or the value at a dotted path (undefined when missing).
 */
export function resolveField(field: string, scope: ConditionScope): unknown {
  if (isTemplateText(field)) return scope.render(field, scope.data);
  return readPath(scope.data, field);
}

/**
 * Evaluates one condition.
 * @throws ConditionError for an unknown operator or an operand that cannot be used (a reconcile error).
 */
export function evaluateCondition(condition: Condition, scope: ConditionScope): boolean {
  const { operator, operand } = selectOperator(condition);
  if (!isKnownOperator(operator)) {
    throw new ConditionError(condition.field, `unknown operator ${JSON.stringify(operator)}`);
  }
  const value = resolveField(condition.field, scope);
  try {
    return applyOperator(operator, value, renderOperand(operand, scope));
  } catch (error) {
    if (error instanceof OperandError) throw new ConditionError(condition.field, error.message);
    throw error;
  }
}

/**
 * Evaluates a gate: every `when` condition passes and, when `or` is not empty, at least one `or` condition
 * passes. An empty gate passes. Evaluation stops at the first condition that decides the result.
 * @throws ConditionError as {@link evaluateCondition}.
 */
export function passesConditions(gate: ConditionGate, scope: ConditionScope): boolean {
  const all = gate.when ?? [];
  const any = gate.or ?? [];
  if (!all.every((condition) => evaluateCondition(condition, scope))) return false;
  return any.length === 0 || any.some((condition) => evaluateCondition(condition, scope));
}
