/**
 * Building blocks shared by the Katalog schema: templates, durations, numbers that may be written
 * as templates, string maps, and the predicates the schema's own checks use.
 */
import { z } from 'zod';
import { isTemplateText } from '../../plan/index.ts';
import { DURATION_PATTERN, parseDurationMs } from '../../util/index.ts';

export { DURATION_PATTERN, parseDurationMs };

/**
 * True when a value is a template (the Plan's rule); a plain boolean, since the schema's checks call it
 * on values they have already narrowed.
 */
export function isTemplate(value: unknown): boolean {
  return isTemplateText(value);
}

/** A duration such as `30s`, `5m`, `1h30m`, `500ms`, `30d`, `1y`. */
export const duration = z
  .string()
  .regex(DURATION_PATTERN, {
    error: 'must be a duration such as 30s, 5m, 1h30m, 500ms or 30d (units: ms s m h d w y)',
  })
  .meta({ examples: ['30s', '5m', '1h30m'] });

/** True when a value is a finite number or a string holding one. */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

/** A string whose every value may be a template. */
export const template = z.string();

/** A whole number, or a template rendering to one (`"{{ .spec.replicas }}"`). */
export const intOrTemplate = z.union([
  z.int(),
  z.string().refine((s) => isTemplate(s) || /^-?\d+$/.test(s.trim()), {
    error: 'must be a whole number or a template',
  }),
]);

/** A port: a number, a named port, or a template. */
export const intOrString = z.union([z.int(), z.string()]);

/** A scalar value as YAML writes it. */
export const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A map of strings to strings (labels, annotations, node selectors); values may be templates. */
export const stringMap = z.record(z.string(), z.string());

/** A free-form object passed through to Kubernetes (strings inside are templates). */
export const rawObject = z.record(z.string(), z.unknown());

/** A value from a fixed set, or a template that renders to one at reconcile time. */
export function enumOrTemplate<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([
    z.enum(values),
    z.string().regex(/\{\{/, { error: `must be one of ${values.join(', ')}`, abort: true }),
  ]);
}
