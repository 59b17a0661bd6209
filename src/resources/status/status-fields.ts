/**
 * Declared status fields (spec §8): each rendered, typed and written at its dotted path under `.status`,
 * in order, so a later entry wins for the same path; an entry whose `when`/`or` fail writes nothing.
 */
import { isTemplateText } from '../../plan/index.ts';
import { renderPrinted } from '../builders/render-fields.ts';
import { passesConditions } from '../condition/evaluate-condition.ts';
import { RenderValueError } from '../errors.ts';
import { isRecord, splitPath } from '../path.ts';
import type { RenderFn, TemplateData } from '../types.ts';
import type { StatusFieldSpec, StatusFieldType } from './status-types.ts';

function isNil(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function inferFromText(text: string): unknown {
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (/^-?\d*\.\d+(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function coerceNumber(value: unknown, type: 'int' | 'float'): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isFinite(n)) return undefined;
  return type === 'int' && !Number.isInteger(n) ? undefined : n;
}

function coerceBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return value === 'true' || value === 'false' ? value === 'true' : undefined;
}

function coerceText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function coerce(value: unknown, type: StatusFieldType): unknown {
  if (type === 'string') return coerceText(value);
  if (type === 'int' || type === 'float') return coerceNumber(value, type);
  if (type === 'bool') return coerceBool(value);
  return typeof value === 'string' ? inferFromText(value) : value;
}

/** A field's value before coercion: a string field takes the template's printed text, as any string field. */
function renderSource(field: StatusFieldSpec, data: TemplateData, render: RenderFn): unknown {
  const source = field.value;
  if (!isTemplateText(source)) return source;
  return field.type === 'string' ? renderPrinted(source, { data, render }) : render(source, data);
}

/**
 * Renders one field's value to its type. Undefined means "write nothing": a non-string field whose template
 * rendered nothing (say, a child that does not exist yet).
 * @throws RenderValueError when the value cannot be coerced to the declared type.
 */
export function renderStatusValue(field: StatusFieldSpec, data: TemplateData, render: RenderFn): unknown {
  const type = field.type ?? 'auto';
  const source = field.value;
  const value = renderSource(field, data, render);
  if (type !== 'string' && isNil(value)) return undefined;
  const typed = coerce(value, type);
  if (typed !== undefined) return typed;
  throw new RenderValueError({
    field: `status.${field.path}`,
    ...(typeof source === 'string' ? { template: source } : {}),
    value,
    expected: type === 'bool' ? 'true or false' : `a value of type ${type}`,
  });
}

/** Returns a copy of `target` with `value` set at a dotted path (intermediate maps created or copied). */
export function setPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = splitPath(path);
  if (head === undefined) return target;
  if (rest.length === 0) return { ...target, [head]: value };
  const child = target[head];
  return { ...target, [head]: setPath(isRecord(child) ? child : {}, rest.join('.'), value) };
}

/**
 * Applies the declared fields to a status object, in order.
 * @throws RenderValueError or ConditionError (reconcile errors).
 */
export function applyStatusFields(
  status: Record<string, unknown>,
  fields: readonly StatusFieldSpec[],
  scope: { readonly data: TemplateData; readonly render: RenderFn },
): Record<string, unknown> {
  let out = status;
  for (const field of fields) {
    if (!passesConditions(field, scope)) continue;
    const value = renderStatusValue(field, scope.data, scope.render);
    if (value !== undefined) out = setPath(out, field.path, value);
  }
  return out;
}
