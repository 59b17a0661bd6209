/**
 * Admission (spec §9): mutation rules (defaults, overrides) and validation rules that deny or warn, in
 * the order `mutateFirst` asks. One implementation for both enforcement points (§9.4): at reconcile
 * time the mutated CR lives in memory only (the stored CR is not rewritten, so GitOps tools see no
 * drift) and a denial sets Ready=False ValidationFailed; the admission webhook stores the mutation
 * (as a JSON Patch) and rejects the request.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import {
  evaluateCondition,
  isEmptyValue,
  passesConditions,
  readPath,
  setPath,
  type RenderFn,
  type TemplateData,
} from '../../resources/index.ts';
import { coerceResult } from '../../template/index.ts';

/** What validation found. */
export interface ValidationResult {
  denied: string[];
  warnings: string[];
}

type MutationRule = NonNullable<Plan['mutation']>['rules'][number];

/** A rule's value, rendered and typed. A string-typed value holds exactly what Go prints for the template. */
function ruleValue(
  rule: MutationRule,
  value: unknown,
  scope: { data: TemplateData; render: RenderFn },
): unknown {
  const as = rule.valueType === 'string' ? 'text' : 'value';
  const rendered = typeof value === 'string' ? scope.render(value, scope.data, as) : value;
  return coerceResult(rendered, rule.valueType);
}

/**
 * The CR with the mutation rules applied (a copy; the input is never changed): a `default` rule sets its
 * field only when absent or empty, an `override` rule always.
 */
export function mutate(
  cr: KubeObject,
  rules: Plan['mutation'],
  scope: { render: RenderFn; dataOf: (cr: KubeObject) => TemplateData },
): KubeObject {
  if (rules === undefined || rules.rules.length === 0) return cr;
  let copy = structuredClone<KubeObject>(cr);
  let data: TemplateData | undefined; // built again only after a rule changed the copy
  for (const rule of rules.rules) {
    data ??= scope.dataOf(copy);
    if (!passesConditions(rule, { data, render: scope.render })) continue;
    const current = readPath(copy, rule.field);
    const value = rule.mode === 'override' || isEmptyValue(current) ? rule.value : undefined;
    if (value === undefined) continue;
    copy = setPath(copy, rule.field, ruleValue(rule, value, { data, render: scope.render }));
    data = undefined;
  }
  return copy;
}

/** Evaluates every validation rule that applies; collects the messages of those that fail. */
export function validate(rules: Plan['validation'], data: TemplateData, render: RenderFn): ValidationResult {
  const result: ValidationResult = { denied: [], warnings: [] };
  for (const rule of rules) {
    const scope = { data, render };
    if (!passesConditions(rule.applies, scope) || evaluateCondition(rule.rule, scope)) continue;
    const message = String(render(rule.message, data));
    (rule.action === 'warn' ? result.warnings : result.denied).push(message);
  }
  return result;
}

/** What admitting a CR found: the CR as mutated, its template data, and what validation said. */
export interface AdmissionOutcome {
  /** The CR with the mutation rules applied (the input itself when no rule changed it). */
  readonly effective: KubeObject;
  /** The template data of `effective`. */
  readonly data: TemplateData;
  readonly validation: ValidationResult;
}

/** How templates render and what a CR's template data is. */
export interface AdmissionScope {
  readonly render: RenderFn;
  readonly dataOf: (cr: KubeObject) => TemplateData;
}

/**
 * Mutates and validates a CR in the Plan's order: with `mutateFirst` (the default) the mutated CR is
 * validated, so a rule may rely on a default; without it the CR is validated as written, then mutated.
 * @throws what a rule's template throws
 */
export function admit(
  cr: KubeObject,
  plan: Pick<Plan, 'mutation' | 'validation'>,
  scope: AdmissionScope,
): AdmissionOutcome {
  if (plan.mutation?.mutateFirst === false) {
    const written = scope.dataOf(cr);
    const validation = validate(plan.validation, written, scope.render);
    const effective = mutate(cr, plan.mutation, scope);
    return { effective, data: effective === cr ? written : scope.dataOf(effective), validation };
  }
  const effective = mutate(cr, plan.mutation, scope);
  const data = scope.dataOf(effective);
  return { effective, data, validation: validate(plan.validation, data, scope.render) };
}
