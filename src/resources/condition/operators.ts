/**
 * The condition operators of spec §7 and the missing-field rule: for a missing or empty field `exists`
 * fails, `notExists` passes, every negative operator passes and every other operator fails. Each negative
 * operator is exactly the complement of its positive twin.
 */
import { RegexSyntaxError, compileGoRegexp, type GoRegexp } from '../../util/index.ts';
import { isEmptyValue } from '../path.ts';
import { toMemberList, toNumber, toText, valueContains, valuesEqual } from './compare-values.ts';

/** An operand that cannot be used (non-numeric threshold, bad `between` range, invalid regex). */
export class OperandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperandError';
  }
}

type Test = (field: unknown, operand: unknown) => boolean;

function threshold(operand: unknown, operator: string): number {
  const n = toNumber(operand);
  if (n === undefined) throw new OperandError(`${operator} needs a number, got ${JSON.stringify(operand)}`);
  return n;
}

function numeric(operator: string, compare: (a: number, b: number) => boolean): Test {
  return (field, operand) => {
    const limit = threshold(operand, operator);
    const n = toNumber(field);
    return n !== undefined && compare(n, limit);
  };
}

function testBetween(field: unknown, operand: unknown): boolean {
  const parts = toText(operand).split(',');
  const min = toNumber(parts[0]);
  const max = toNumber(parts[1]);
  if (parts.length !== 2 || min === undefined || max === undefined) {
    throw new OperandError(`between needs "min,max" with two numbers, got ${JSON.stringify(operand)}`);
  }
  const n = toNumber(field);
  return n !== undefined && n >= min && n <= max;
}

function compileRegex(source: string): GoRegexp {
  try {
    return compileGoRegexp(source);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new OperandError(error.message);
    throw error;
  }
}

const POSITIVE: Readonly<Record<string, Test>> = {
  equals: valuesEqual,
  contains: valueContains,
  prefix: (field, operand) => toText(field).startsWith(toText(operand)),
  suffix: (field, operand) => toText(field).endsWith(toText(operand)),
  regex: (field, operand) => compileRegex(toText(operand)).test(toText(field)),
  in: (field, operand) => toMemberList(operand).some((member) => valuesEqual(field, member)),
  greaterThan: numeric('greaterThan', (a, b) => a > b),
  lessThan: numeric('lessThan', (a, b) => a < b),
  greaterThanOrEqual: numeric('greaterThanOrEqual', (a, b) => a >= b),
  lessThanOrEqual: numeric('lessThanOrEqual', (a, b) => a <= b),
  between: testBetween,
};

const NEGATIVE: Readonly<Record<string, string>> = {
  notEquals: 'equals',
  notContains: 'contains',
  notPrefix: 'prefix',
  notSuffix: 'suffix',
  notIn: 'in',
};

const ALIASES: Readonly<Record<string, string>> = { hasPrefix: 'prefix', hasSuffix: 'suffix' };

/** Every operator name the evaluator knows (aliases included). */
export const OPERATOR_NAMES: readonly string[] = [
  ...Object.keys(POSITIVE),
  ...Object.keys(NEGATIVE),
  ...Object.keys(ALIASES),
  'exists',
  'notExists',
];

/** Tells whether an operator name (or alias) is known. */
export function isKnownOperator(name: string): boolean {
  return OPERATOR_NAMES.includes(name);
}

/**
 * Applies one operator to a resolved field value and a rendered operand.
 * @throws OperandError when the operand cannot be used (the caller names the condition).
 */
export function applyOperator(name: string, field: unknown, operand: unknown): boolean {
  const operator = ALIASES[name] ?? name;
  const missing = isEmptyValue(field);
  if (operator === 'exists') return !missing;
  if (operator === 'notExists') return missing;
  const negated = NEGATIVE[operator];
  const test = POSITIVE[negated ?? operator];
  if (test === undefined) throw new OperandError(`unknown operator ${JSON.stringify(name)}`);
  if (negated !== undefined) return missing || !test(field, operand);
  return !missing && test(field, operand);
}
