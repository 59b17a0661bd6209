/**
 * Time functions over an injected clock: now date timeAgo durationSeconds nextCron. Times are RFC 3339 strings
 * in UTC (or Unix seconds as input); `date` takes a Go layout (`2006-01-02T15:04:05Z07:00`).
 */
import type { FuncMap } from '../exec/func-types.ts';
import { isNil, kindOf, makeFloat, numberValue } from '../exec/value.ts';
import { str } from './args.ts';
import { nextRun } from './cron.ts';

/** Returns the current time. */
export type Clock = () => Date;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const p2 = (n: number): string => String(n).padStart(2, '0');

const LAYOUT: Readonly<Record<string, (d: Date) => string>> = {
  January: (d) => MONTHS[d.getUTCMonth()] ?? '',
  Jan: (d) => (MONTHS[d.getUTCMonth()] ?? '').slice(0, 3),
  Monday: (d) => DAYS[d.getUTCDay()] ?? '',
  Mon: (d) => (DAYS[d.getUTCDay()] ?? '').slice(0, 3),
  MST: () => 'UTC',
  '2006': (d) => String(d.getUTCFullYear()),
  'Z07:00': () => 'Z',
  Z0700: () => 'Z',
  Z07: () => 'Z',
  '-07:00': () => '+00:00',
  '-0700': () => '+0000',
  '-07': () => '+00',
  '06': (d) => p2(d.getUTCFullYear() % 100),
  '01': (d) => p2(d.getUTCMonth() + 1),
  '02': (d) => p2(d.getUTCDate()),
  _2: (d) => String(d.getUTCDate()).padStart(2, ' '),
  '15': (d) => p2(d.getUTCHours()),
  '03': (d) => p2(d.getUTCHours() % 12 || 12),
  '04': (d) => p2(d.getUTCMinutes()),
  '05': (d) => p2(d.getUTCSeconds()),
  PM: (d) => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
  pm: (d) => (d.getUTCHours() < 12 ? 'am' : 'pm'),
  '1': (d) => String(d.getUTCMonth() + 1),
  '2': (d) => String(d.getUTCDate()),
  '3': (d) => String(d.getUTCHours() % 12 || 12),
  '4': (d) => String(d.getUTCMinutes()),
  '5': (d) => String(d.getUTCSeconds()),
};

const LAYOUT_TOKEN =
  /January|Jan|Monday|Mon|MST|2006|Z07:00|Z0700|Z07|-07:00|-0700|-07|[.,](0+|9+)|06|01|02|_2|15|03|04|05|PM|pm|1|2|3|4|5/g;

function fraction(token: string, d: Date): string {
  const digits = String(d.getUTCMilliseconds())
    .padStart(3, '0')
    .padEnd(token.length - 1, '0')
    .slice(0, token.length - 1);
  const sep = token.slice(0, 1);
  if (token[1] === '0') return sep + digits;
  const trimmed = digits.replace(/0+$/, '');
  return trimmed === '' ? '' : sep + trimmed;
}

/** Formats a UTC time with a Go layout. */
export function formatGoTime(layout: string, d: Date): string {
  return layout.replace(LAYOUT_TOKEN, (t) => (/^[.,]/.test(t) ? fraction(t, d) : (LAYOUT[t]?.(d) ?? t)));
}

/** Reads a time argument: RFC 3339 text, Unix seconds, or nil for now. */
function toTime(v: unknown, clock: Clock): Date {
  if (isNil(v)) return clock();
  const k = kindOf(v);
  if (k === 'int' || k === 'float') return new Date(numberValue(v) * 1000);
  const d = new Date(str(v));
  if (Number.isNaN(d.getTime())) throw new Error(`invalid time: ${str(v)}`);
  return d;
}

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

const UNITS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Parses a Go duration (`1h30m`, `90s`, `1.5h`, `300ms`) into seconds. */
export function parseDurationSeconds(v: unknown): number {
  const text = str(v).trim();
  if (text === '0') return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (m === null) throw new Error(`invalid duration: "${text}"`);
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNITS[part[2] ?? 's'] ?? 1);
  }
  return m[1] === '-' ? -total : total;
}

/** Go's time.Duration String for whole seconds: `1h2m3s`, `45s`, `0s`. */
export function formatDuration(seconds: number): string {
  const neg = seconds < 0;
  let s = Math.round(Math.abs(seconds));
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const out = h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
  return neg ? `-${out}` : out;
}

/** The time functions over a clock. */
export function createTimeFuncs(clock: Clock): FuncMap {
  return {
    now: () => rfc3339(clock()),
    date: (layout, t) => formatGoTime(str(layout), toTime(t, clock)),
    timeAgo: (t) => formatDuration((clock().getTime() - toTime(t, clock).getTime()) / 1000),
    durationSeconds: (d) => {
      const s = parseDurationSeconds(d);
      return Number.isInteger(s) ? s : makeFloat(s);
    },
    nextCron: (expr, from) => rfc3339(nextRun(expr, toTime(from, clock))),
  };
}
