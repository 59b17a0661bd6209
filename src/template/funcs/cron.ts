/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week, with names, ranges, steps, lists and
 * the @hourly/@daily/@weekly/@monthly/@yearly macros): validate, normalize, convert to and from maps, and
 * compute the next run (UTC, Vixie cron's day-of-month OR day-of-week rule).
 */
import type { FuncMap } from '../exec/func-types.ts';
import { isPlainObject } from '../exec/value.ts';
import { str } from './args.ts';

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface FieldSpec {
  key: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { key: 'minute', min: 0, max: 59 },
  { key: 'hour', min: 0, max: 23 },
  { key: 'dayOfMonth', min: 1, max: 31 },
  {
    key: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { key: 'dayOfWeek', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function numberOf(text: string, f: FieldSpec): number {
  const named = f.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (f.key === 'month' ? 1 : 0);
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

function value(text: string, f: FieldSpec): number {
  const n = numberOf(text, f);
  if (Number.isNaN(n) || n < f.min || n > f.max) throw new Error(`invalid ${f.key}: ${text}`);
  return f.key === 'dayOfWeek' && n === 7 ? 0 : n;
}

/** The bounds of a range item (`*`, `a`, `a-b`); a lone start with a step runs to the field maximum. */
function rangeBounds(range: string, f: FieldSpec, stepped: boolean): [number, number] {
  const max = f.key === 'dayOfWeek' ? 6 : f.max;
  if (range === '*' || range === '?') return [f.min, max];
  const [a = '', b] = range.split('-');
  const lo = value(a, f);
  if (b === undefined) return [lo, stepped ? max : lo];
  const hi = f.key === 'dayOfWeek' && b === '7' ? 7 : value(b, f);
  return [lo, hi];
}

function parseItem(item: string, f: FieldSpec, out: Set<number>): void {
  const [range = '', stepText] = item.split('/');
  const step = stepText === undefined ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1) throw new Error(`invalid step in ${f.key}: ${item}`);
  const [lo, hi] = rangeBounds(range, f, stepText !== undefined);
  if (lo > hi) throw new Error(`invalid range in ${f.key}: ${item}`);
  for (let i = lo; i <= hi; i += step) out.add(f.key === 'dayOfWeek' ? i % 7 : i);
}

function parseField(text: string, f: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) parseItem(item, f, out);
  return out;
}

/** Splits an expression into its five fields, expanding macros; throws on a wrong field count. */
function fieldsOf(expr: unknown): string[] {
  const text = str(expr).trim();
  const expanded = MACROS[text.toLowerCase()] ?? text;
  const parts = expanded.split(/\s+/).filter((p) => p !== '');
  if (parts.length !== 5) throw new Error(`a cron expression has 5 fields, got ${parts.length}: "${text}"`);
  return parts;
}

interface Schedule {
  sets: Set<number>[];
  domAny: boolean;
  dowAny: boolean;
}

function parseCron(expr: unknown): Schedule {
  const parts = fieldsOf(expr);
  const sets = FIELDS.map((f, i) => parseField(parts[i] ?? '*', f));
  return { sets, domAny: parts[2] === '*' || parts[2] === '?', dowAny: parts[4] === '*' || parts[4] === '?' };
}

/** Normalizes: macros expanded, whitespace collapsed, names as numbers, Sunday as 0. */
function cronNormalize(expr: unknown): string {
  const parts = fieldsOf(expr);
  parseCron(expr);
  return parts
    .map((p, i) => {
      const f = FIELDS[i];
      if (f?.names === undefined) return p;
      return p.replace(/[A-Za-z]{3}|\d+/g, (t) => String(value(t, f)));
    })
    .join(' ');
}

function has(set: Set<number> | undefined, n: number): boolean {
  return set !== undefined && set.has(n);
}

function dayMatches(s: Schedule, d: Date): boolean {
  if (!has(s.sets[3], d.getUTCMonth() + 1)) return false;
  const dom = s.domAny || has(s.sets[2], d.getUTCDate());
  const dow = s.dowAny || has(s.sets[4], d.getUTCDay());
  return s.domAny || s.dowAny ? dom && dow : dom || dow;
}

/** The first time after `from` (exclusive, minute precision) that the schedule fires, within 5 years. */
export function nextRun(expr: unknown, from: Date): Date {
  const s = parseCron(expr);
  const t = new Date(Math.floor(from.getTime() / 60_000) * 60_000 + 60_000);
  const limit = t.getTime() + 5 * 366 * 86_400_000;
  while (t.getTime() < limit) {
    if (!dayMatches(s, t)) {
      t.setUTCHours(24, 0, 0, 0);
      continue;
    }
    const hour = [...(s.sets[1] ?? [])].sort((a, b) => a - b).find((h) => h >= t.getUTCHours());
    const minute = [...(s.sets[0] ?? [])]
      .sort((a, b) => a - b)
      .find((m) => hour !== t.getUTCHours() || m >= t.getUTCMinutes());
    if (hour === undefined) t.setUTCHours(24, 0, 0, 0);
    else if (minute === undefined) t.setUTCHours(hour + 1, 0, 0, 0);
    else if (hour !== t.getUTCHours()) t.setUTCHours(hour, 0, 0, 0);
    else return new Date(t.setUTCMinutes(minute, 0, 0));
  }
  throw new Error(`no run of "${str(expr)}" within 5 years`);
}

function cronToMap(expr: unknown): Record<string, string> {
  const parts = cronNormalize(expr).split(' ');
  return Object.fromEntries(FIELDS.map((f, i) => [f.key, parts[i] ?? '*']));
}

function cronFromMap(m: unknown): string {
  if (!isPlainObject(m)) throw new Error('cronFromMap: expected a map');
  const expr = FIELDS.map((f) => {
    const v = Object.hasOwn(m, f.key) ? str(m[f.key]) : '';
    return v === '' ? '*' : v;
  }).join(' ');
  return cronNormalize(expr);
}

/** The cron functions that need no clock. */
export const CRON_FUNCS: FuncMap = {
  cronValid: (expr) => {
    try {
      parseCron(expr);
      return true;
    } catch {
      return false;
    }
  },
  cronNormalize,
  cronToMap,
  cronFromMap,
  cronFromAny: (v) => (isPlainObject(v) ? cronFromMap(v) : cronNormalize(v)),
};
