/**
 * The structural shape of a condition (spec §7), as the Katalog schema produces it: a `field` and one
 * operator, written as a shorthand key or as `operator` + `value`.
 */

/** A scalar as YAML writes it. */
export type Scalar = string | number | boolean;

/** One condition of a `when` or `or` list. */
export interface Condition {
  /** A dotted path into the data context, or a template whose result is compared. */
  readonly field: string;
  /** The long form: the operator name (`value` holds the operand). */
  readonly operator?: string | undefined;
  /** The long form's operand (a template; `in`/`notIn`: "a,b" or a list). */
  readonly value?: Scalar | readonly Scalar[] | undefined;
  readonly equals?: Scalar | undefined;
  readonly notEquals?: Scalar | undefined;
  readonly contains?: Scalar | undefined;
  readonly notContains?: Scalar | undefined;
  readonly prefix?: Scalar | undefined;
  readonly hasPrefix?: Scalar | undefined;
  readonly suffix?: Scalar | undefined;
  readonly hasSuffix?: Scalar | undefined;
  readonly notPrefix?: Scalar | undefined;
  readonly notSuffix?: Scalar | undefined;
  readonly regex?: string | undefined;
  readonly exists?: boolean | undefined;
  readonly notExists?: boolean | undefined;
  readonly greaterThan?: Scalar | undefined;
  readonly lessThan?: Scalar | undefined;
  readonly greaterThanOrEqual?: Scalar | undefined;
  readonly lessThanOrEqual?: Scalar | undefined;
  readonly between?: string | undefined;
  readonly in?: string | readonly Scalar[] | undefined;
  readonly notIn?: string | readonly Scalar[] | undefined;
}

/** `when` (all must pass) and `or` (at least one must pass); with both, both blocks must hold. */
export interface ConditionGate {
  readonly when?: readonly Condition[] | undefined;
  readonly or?: readonly Condition[] | undefined;
}
