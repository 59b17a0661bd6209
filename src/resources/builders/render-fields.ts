/**
 * Renders entry fields and coerces them to their type (spec §6.1): a field whose whole value is one template
 * takes the template's typed result; a value that cannot be coerced is a RenderValueError naming the field,
 * the template and the value. A string field takes the text the template prints, exactly as Go prints it.
 */
import { isTemplateText } from '../../plan/index.ts';
import { coerceResult } from '../../template/index.ts';
import { RenderValueError } from '../errors.ts';
import { isRecord } from '../path.ts';
import type { RenderFn, TemplateData } from '../types.ts';

/** The data and renderer an entry is rendered with. */
export interface RenderScope {
  /** The data context, with forEach bindings when inside one. */
  readonly data: TemplateData;
  /** The injected template renderer. */
  readonly render: RenderFn;
}

/** Renders a value if it is a template; returns it unchanged otherwise. */
export function renderValue(value: unknown, scope: RenderScope): unknown {
  return isTemplateText(value) ? scope.render(value, scope.data) : value;
}

/** Renders every template string inside a value (lists and maps recursively; keys are kept). */
export function renderDeep(value: unknown, scope: RenderScope): unknown {
  if (isTemplateText(value)) return scope.render(value, scope.data);
  if (Array.isArray(value)) return value.map((element: unknown) => renderDeep(element, scope));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(value)) out[key] = renderDeep(element, scope);
  return out;
}

interface Failure {
  readonly source: unknown;
  readonly value: unknown;
  readonly expected: string;
}

function fail(field: string, failure: Failure): never {
  const { source, value, expected } = failure;
  const template = isTemplateText(source) ? source : undefined;
  throw new RenderValueError({ field, ...(template === undefined ? {} : { template }), value, expected });
}

/**
 * Renders a template for a string field: the text it prints, as Go's text/template prints it (spec §6.1,
 * §6.5) — `{{ .spec.tags }}` is `[a b]`, a map `map[a:1 b:2]`, `{{ 1e6 }}` is `1e+06`, nil the empty string —
 * so a string field holds what the same template prints inside a longer text.
 */
export function renderPrinted(source: string, scope: RenderScope): string {
  const printed = scope.render(source, scope.data, 'text');
  // A renderer that returns the typed result even when asked for text (a stand-in in tests) is printed here.
  return typeof printed === 'string' ? printed : (coerceResult(printed, 'string') as string);
}

/**
 * Renders a string field: a template gives its printed text ({@link renderPrinted}); a literal number or
 * boolean its text, nil the empty string.
 */
export function renderText(source: unknown, field: string, scope: RenderScope): string {
  if (isTemplateText(source)) return renderPrinted(source, scope);
  if (source === undefined || source === null) return '';
  if (typeof source === 'string') return source;
  if (typeof source === 'number' || typeof source === 'boolean') return String(source);
  return fail(field, { source, value: source, expected: 'a string' });
}

/** Renders a string field that must not be empty. */
export function renderRequiredText(source: unknown, field: string, scope: RenderScope): string {
  const text = renderText(source, field, scope);
  return text.trim() === '' ? fail(field, { source, value: text, expected: 'a non-empty string' }) : text;
}

function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Renders an integer field: a whole number or a string holding one. */
export function renderInt(source: unknown, field: string, scope: RenderScope): number {
  const value = renderValue(source, scope);
  return wholeNumber(value) ?? fail(field, { source, value, expected: 'a whole number' });
}

/** Renders an int-or-string field (ports): numeric text becomes a number, a name stays a string. */
export function renderIntOrString(source: unknown, field: string, scope: RenderScope): number | string {
  const value = renderValue(source, scope);
  const n = wholeNumber(value);
  if (n !== undefined) return n;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return fail(field, { source, value, expected: 'a whole number or a name' });
}

/** Renders a boolean field: `true`/`false` as booleans or text. */
export function renderBool(source: unknown, field: string, scope: RenderScope): boolean {
  const value = renderValue(source, scope);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return fail(field, { source, value, expected: 'true or false' });
}

/** Renders a map of strings (labels, annotations, selectors, data); keys are kept. */
export function renderTextMap(
  map: Readonly<Record<string, unknown>> | undefined,
  field: string,
  scope: RenderScope,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, source] of Object.entries(map ?? {})) {
    out[key] = renderText(source, `${field}.${key}`, scope);
  }
  return out;
}
