/**
 * Conditions (`when` / `or`) and the rules built on them (validation rules): a `field` and exactly
 * one operator, written as a shorthand key (`equals: production`) or as `operator:` + `value:`.
 */
import { z } from 'zod';
import { CONDITION_OPERATORS, type ConditionOperator } from '../../plan/index.ts';
import { RegexSyntaxError, compileGoRegexp, loadRegexEngine } from '../../util/index.ts';
import { isNumeric, isTemplate, scalar, template } from './primitives.ts';

// The schema checks regexes with the engine the runtime matches them with (util/go-regexp.ts); the
// schema is loaded only where Katalogs are loaded (never in the operator process), so it loads it here.
await loadRegexEngine();

export { CONDITION_OPERATORS };
export type { ConditionOperator };

/** Operators that compare numbers: their threshold must be numeric (or a template). */
export const NUMERIC_OPERATORS: ReadonlySet<string> = new Set([
  'greaterThan',
  'lessThan',
  'greaterThanOrEqual',
  'lessThanOrEqual',
]);

const listValue = z.union([z.string(), z.array(scalar)]);

/** The keys of a condition object, shared by `when`/`or` entries and validation rules. */
export const conditionShape = {
  field: template.describe(
    'What is tested: a dotted path into the context (`spec.environment`, `status.phase`, `children.job.status.succeeded`) or a template whose rendered text is compared.',
  ),
  operator: z
    .enum(CONDITION_OPERATORS)
    .optional()
    .describe(
      'The operator, when written in the long form with `value`. Default: none (use a shorthand key).',
    ),
  value: scalar.optional().describe('The compared value for `operator` (a template). Default: none.'),
  equals: scalar.optional().describe('Passes when the field equals this value. Default: none.'),
  notEquals: scalar
    .optional()
    .describe('Passes when the field differs from this value, or is missing. Default: none.'),
  contains: scalar.optional().describe('Passes when the field contains this substring. Default: none.'),
  notContains: scalar
    .optional()
    .describe('Passes when the field does not contain this substring. Default: none.'),
  prefix: scalar.optional().describe('Passes when the field starts with this value. Default: none.'),
  hasPrefix: scalar.optional().describe('Alias of `prefix`. Default: none.'),
  suffix: scalar.optional().describe('Passes when the field ends with this value. Default: none.'),
  hasSuffix: scalar.optional().describe('Alias of `suffix`. Default: none.'),
  notPrefix: scalar
    .optional()
    .describe('Passes when the field does not start with this value. Default: none.'),
  notSuffix: scalar.optional().describe('Passes when the field does not end with this value. Default: none.'),
  regex: z
    .string()
    .optional()
    .describe(
      'Passes when the field matches this regular expression anywhere (Go `regexp`: RE2 syntax, linear-time matching; no lookaround or backreferences). Default: none.',
    ),
  exists: z
    .boolean()
    .optional()
    .describe('`true`: passes when the field is present and not empty. Default: none.'),
  notExists: z
    .boolean()
    .optional()
    .describe('`true`: passes when the field is missing or empty. Default: none.'),
  greaterThan: scalar.optional().describe('Numeric: passes when the field is greater. Default: none.'),
  lessThan: scalar.optional().describe('Numeric: passes when the field is smaller. Default: none.'),
  greaterThanOrEqual: scalar
    .optional()
    .describe('Numeric: passes when the field is greater or equal. Default: none.'),
  lessThanOrEqual: scalar
    .optional()
    .describe('Numeric: passes when the field is smaller or equal. Default: none.'),
  between: z.string().optional().describe('Numeric: `"min,max"`, inclusive. Default: none.'),
  in: listValue
    .optional()
    .describe('Passes when the field is one of these (`"a,b,c"` or a list). Default: none.'),
  notIn: listValue.optional().describe('Passes when the field is none of these. Default: none.'),
};

/** The shorthand keys set on a condition object, in declaration order. */
export function presentOperators(condition: Readonly<Record<string, unknown>>): string[] {
  const keys = CONDITION_OPERATORS.filter((op) => condition[op] !== undefined);
  return condition['operator'] === undefined ? keys : ['operator', ...keys];
}

type Ctx = z.core.$RefinementCtx;

function checkNumber(value: unknown, key: string, ctx: Ctx): void {
  if (value === undefined || isTemplate(value) || isNumeric(value)) return;
  ctx.addIssue({
    code: 'custom',
    path: [key],
    input: value,
    message: `"${key}" must be a number or a template, not ${JSON.stringify(value)}`,
  });
}

function checkBetween(value: unknown, key: string, ctx: Ctx): void {
  if (typeof value !== 'string' || isTemplate(value)) return;
  const parts = value.split(',').map((p) => p.trim());
  const [min, max] = parts;
  if (parts.length === 2 && isNumeric(min) && isNumeric(max) && Number(min) <= Number(max)) return;
  ctx.addIssue({
    code: 'custom',
    path: [key],
    input: value,
    message: `"${key}" must be "min,max" with two numbers and min <= max, not ${JSON.stringify(value)}`,
  });
}

function checkRegex(value: unknown, key: string, ctx: Ctx): void {
  if (typeof value !== 'string' || isTemplate(value)) return;
  try {
    compileGoRegexp(value);
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    ctx.addIssue({
      code: 'custom',
      path: [key],
      input: value,
      message: `"${key}" is not a valid Go regular expression: ${error.reason}`,
    });
  }
}

const OPERAND_CHECKS: Readonly<Record<string, (value: unknown, key: string, ctx: Ctx) => void>> = {
  between: checkBetween,
  regex: checkRegex,
};

function checkOperand(condition: Readonly<Record<string, unknown>>, ctx: Ctx): void {
  const op = condition['operator'];
  const long = typeof op === 'string';
  const name = long ? op : (presentOperators(condition)[0] ?? '');
  const key = long ? 'value' : name;
  const operand = condition[key];
  const needsValue = long && op !== 'exists' && op !== 'notExists';
  if (needsValue && operand === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['operator'],
      input: op,
      message: `"operator" ${op} needs a value (add value: ...)`,
    });
  }
  const check = NUMERIC_OPERATORS.has(name) ? checkNumber : OPERAND_CHECKS[name];
  check?.(operand, key, ctx);
}

/** Runs a refinement only when the object itself is otherwise valid (an unknown field explains enough). */
export const onlyWhenValid = {
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};

/** The checks on one condition: exactly one operator, numeric thresholds, valid regexes. */
export function checkCondition(condition: Readonly<Record<string, unknown>>, ctx: Ctx): void {
  const present = presentOperators(condition);
  if (present.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      input: condition,
      message: `condition on "${String(condition['field'])}" has no operator (add one, e.g. equals: <value> or exists: true)`,
    });
    return;
  }
  if (present.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [present[1] ?? ''],
      input: condition,
      message: `"${present[1] ?? ''}" is a second operator (this condition has ${present.join(', ')}); write one condition per operator`,
    });
    return;
  }
  checkOperand(condition, ctx);
}

/** One condition of a `when` or `or` list. */
export const Condition = z
  .strictObject(conditionShape)
  .superRefine(checkCondition, onlyWhenValid)
  .meta({ id: 'Condition', description: 'A test on one field: `field` plus exactly one operator.' });

/** A list of conditions that must all pass (`when`). */
export const when = z
  .array(Condition)
  .default([])
  .describe('Conditions that must all pass (AND). Values are templates.');

/** A list of conditions of which at least one must pass (`or`). */
export const or = z
  .array(Condition)
  .default([])
  .describe('Conditions of which at least one must pass; with `when`, both blocks must hold.');
