/**
 * Building blocks shared by the Katalog schema: templates, durations, numbers that may be written
 * as templates, string maps, and the predicates the schema's own checks use.
 */
import { z } from 'zod';
import { isTemplateText } from '../../plan/index.ts';
import { DURATION_PATTERN, MAX_DURATION_MS, parseDurationMs } from '../../util/index.ts';

export { DURATION_PATTERN, parseDurationMs };

/**
 * True when a value is a template (the Plan's rule); a plain boolean, since the schema's checks call it
 * on values they have already narrowed.
 */
export function isTemplate(value: unknown): boolean {
  return isTemplateText(value);
}

const durationText = z.string().regex(DURATION_PATTERN, {
  error: 'must be a duration such as 30s, 5m, 1h30m, 500ms or 30d (units: ms s m h d w y)',
  abort: true,
});

/** A duration such as `30s`, `5m`, `1h30m`, `500ms`, `30d`, `1y`, at most 1000y; 0 allowed. */
export const duration = durationText
  .refine((text) => (parseDurationMs(text) ?? 0) <= MAX_DURATION_MS, {
    error: 'must be at most 1000y, the longest duration a Katalog may write',
  })
  .meta({ examples: ['30s', '5m', '1h30m'] });

/**
 * A duration that must be longer than 0: a period, a timeout, a first retry delay or a validity, for
 * which zero cannot work (a resync every 0 ms spins; a 0 s timeout always expires).
 */
export const positiveDuration = duration
  .refine((text) => (parseDurationMs(text) ?? 1) > 0, { error: 'must be longer than 0' })
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

/** The largest int32: the bound of every count the API server stores (replicas, limits, seconds). */
export const INT32_MAX = 2_147_483_647;

/**
 * A whole number from `min` to `max`, or a template rendering to one: a literal the API server would
 * refuse (a port of 70000, replicas of -1) is refused at load, where it is written.
 */
export function intOrTemplateIn(min: number, max: number) {
  const inRange = (text: string): boolean => {
    const n = Number(text.trim());
    return /^-?\d+$/.test(text.trim()) && n >= min && n <= max;
  };
  return z.union([
    z.int().min(min).max(max),
    z.string().refine((s) => isTemplate(s) || inRange(s), {
      error: `must be a whole number from ${String(min)} to ${String(max)}, or a template`,
    }),
  ]);
}

/** A port number (1-65535) or a template. */
export const portOrTemplate = intOrTemplateIn(1, 65_535);

/** A count the API server stores as a non-negative int32 (replicas, backoffLimit, seconds), or a template. */
export const countOrTemplate = intOrTemplateIn(0, INT32_MAX);

/** A port number (1-65535), a named port, or a template. */
export const portOrName = z.union([z.int().min(1).max(65_535), z.string()]);

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
