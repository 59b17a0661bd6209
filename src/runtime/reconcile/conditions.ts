/** A compiled condition of the Plan, in the shape the resources layer evaluates. */
import type { ConditionPlan, Conditions } from '../../katalog/index.ts';
import type { Condition, ConditionGate, Scalar } from '../../resources/index.ts';

/** Converts one compiled condition (canonical operator + value) to the resources layer's form. */
export function toCondition(c: ConditionPlan): Condition {
  if (c.operator === 'in' || c.operator === 'notIn')
    return { field: c.field, [c.operator]: c.value as string | readonly Scalar[] };
  if (c.operator === 'exists' || c.operator === 'notExists') return { field: c.field, [c.operator]: true };
  return { field: c.field, operator: c.operator, value: c.value as Scalar | undefined };
}

/** Converts a `when`/`or` pair. */
export function toGate(conditions: Conditions): ConditionGate {
  return { when: conditions.when.map(toCondition), or: conditions.or.map(toCondition) };
}
