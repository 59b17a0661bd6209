/** The condition operators of `when`/`or` and validation rules (spec §7), shared by the schema and the evaluator. */

/** Every condition operator, in the order the reference lists them. `hasPrefix`/`hasSuffix` are aliases. */
export const CONDITION_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'prefix',
  'hasPrefix',
  'suffix',
  'hasSuffix',
  'notPrefix',
  'notSuffix',
  'regex',
  'exists',
  'notExists',
  'greaterThan',
  'lessThan',
  'greaterThanOrEqual',
  'lessThanOrEqual',
  'between',
  'in',
  'notIn',
] as const;

/** A condition operator name. */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
