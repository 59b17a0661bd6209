/** normalize, mutation, validation and conversion of a CRD entry. */
import { z } from 'zod';
import { checkCondition, conditionShape, onlyWhenValid, or, when } from './condition.ts';
import { rawObject, scalar, template } from './primitives.ts';

/** Canonicalises CR fields before anything else; the CR is patched with the result. */
export const Normalize = z
  .strictObject({
    spec: z
      .record(z.string(), template)
      .default({})
      .describe('Dotted path under spec → template of its canonical value.'),
  })
  .meta({ id: 'Normalize' });

const valueType = z
  .enum(['string', 'int', 'float', 'bool', 'auto'])
  .default('auto')
  .describe('Type of the written value; auto turns numeric text into numbers and true/false into booleans.');

/** One mutation rule: `default` (when absent or empty) or `override` (always). */
export const MutationRule = z
  .strictObject({
    field: z.string().describe('Dotted path into the CR, e.g. `spec.replicas`.'),
    default: z
      .union([scalar, rawObject])
      .optional()
      .describe('Set when absent or empty (a template). Default: none.'),
    override: z.union([scalar, rawObject]).optional().describe('Always set (a template). Default: none.'),
    valueType,
    when,
    or,
  })
  .refine((r) => r.default !== undefined || r.override !== undefined, {
    error: 'a mutation rule needs `default` or `override`',
  })
  .meta({ id: 'MutationRule' });

/** Defaults and overrides applied to CRs. */
export const Mutation = z
  .strictObject({
    mutateFirst: z
      .boolean()
      .default(true)
      .describe(
        'Run mutation before validation (validation sees the defaults); false validates the CR as written, then mutates it.',
      ),
    rules: z.array(MutationRule).default([]).describe('Mutation rules, applied in order.'),
  })
  .meta({ id: 'Mutation' });

/** One validation rule: a condition the CR must pass, a message and an action. */
export const ValidationRule = z
  .strictObject({
    ...conditionShape,
    message: template.describe('Shown when the rule fails (a template).'),
    action: z.enum(['deny', 'warn']).default('deny').describe('deny rejects/blocks; warn only reports.'),
    when: when.describe('The rule applies only when these all pass.'),
    or: or.describe('The rule applies only when one of these passes.'),
  })
  .superRefine((rule, ctx) => {
    checkCondition(rule, ctx);
  }, onlyWhenValid)
  .meta({ id: 'ValidationRule' });

/** Rules that deny or warn. */
export const Validation = z
  .strictObject({
    rules: z
      .array(ValidationRule)
      .default([])
      .describe('Every rule is evaluated; all violations are reported.'),
  })
  .meta({ id: 'Validation' });

/** One conversion path between two versions. */
export const ConversionPath = z
  .strictObject({
    from: z.string().describe('Source version, e.g. v1.'),
    to: z.string().describe('Target version, e.g. v2.'),
    spec: z
      .record(z.string(), template)
      .default({})
      .describe('Dotted path under spec → template evaluated against the source object.'),
  })
  .meta({ id: 'ConversionPath' });

/** Version conversion served by the built-in webhook. */
export const Conversion = z
  .strictObject({
    storageVersion: z.string().describe('The version stored in etcd.'),
    paths: z.array(ConversionPath).default([]).describe('Conversion paths, matched by (from, to).'),
  })
  .meta({ id: 'Conversion' });
