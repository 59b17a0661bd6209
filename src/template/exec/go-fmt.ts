/**
 * A port of the parts of Go's fmt package that templates reach: Sprint, Sprintln and Sprintf with the
 * usual verbs, flags, width and precision, including Go's `%!verb(type=value)` error forms.
 */
import { formatFloat } from './float-format.ts';
import { reserveBytes } from './limits.ts';
import { canBackquote, quoteRune, quoteString } from './go-quote.ts';
import { kindOf, numberValue, sortedKeys, typeName, utf8 } from './value.ts';
import type { GoKind, GoMap } from './value.ts';

/** Flags, width and precision of one verb. */
interface Spec {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
}

const PLAIN: Spec = {
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  width: undefined,
  prec: undefined,
};

/** Formats one value as Go's `%v` does. */
export function formatValue(v: unknown): string {
  return formatArg(v, 'v', PLAIN);
}

/** Go's fmt.Sprint: a space between operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

/** Go's fmt.Sprintln: operands separated by spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map(formatValue).join(' ') + '\n';
}

function pad(s: string, spec: Spec, zeroOk = false): string {
  const width = spec.width ?? 0;
  if (width === 0) return s; // no width: no need to count the runes of a long string
  const len = Array.from(s).length;
  if (len >= width) return s;
  const fill = width - len;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && zeroOk) {
    const sign = /^[+\- ]/.test(s) ? s.slice(0, 1) : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return (spec.zero ? '0' : ' ').repeat(fill) + s;
}

function badVerb(verb: string, v: unknown, spec: Spec = PLAIN): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatArg(v, 'v', spec)})`;
}

function signed(body: string, neg: boolean, spec: Spec): string {
  if (neg) return '-' + body;
  if (spec.plus) return '+' + body;
  return spec.space ? ' ' + body : body;
}

const INT_BASES: Readonly<Record<string, readonly [number, string]>> = {
  d: [10, ''],
  v: [10, ''],
  b: [2, '0b'],
  o: [8, '0'],
  O: [8, '0o'],
  x: [16, '0x'],
  X: [16, '0X'],
};

function intDigits(n: number, verb: string, spec: Spec): string {
  const [base, prefix] = INT_BASES[verb] ?? [10, ''];
  let digits = BigInt(Math.abs(n)).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (spec.prec !== undefined) digits = spec.prec === 0 && n === 0 ? '' : digits.padStart(spec.prec, '0');
  const showPrefix = verb === 'O' || (spec.sharp && base !== 10);
  return showPrefix ? prefix + digits : digits;
}

function formatInt(n: number, verb: string, spec: Spec): string {
  const zeroSpec = spec.prec === undefined ? spec : { ...spec, zero: false };
  return pad(signed(intDigits(n, verb, spec), n < 0, spec), zeroSpec, true);
}

const INT_VERBS: Readonly<Record<string, (n: number, spec: Spec) => string>> = {
  c: (n, spec) => pad(n < 0 || n > 0x10ffff ? '\uFFFD' : String.fromCodePoint(n), spec),
  q: (n, spec) => pad(quoteRune(n), spec),
  U: (n, spec) => pad(`U+${BigInt.asUintN(64, BigInt(n)).toString(16).toUpperCase().padStart(4, '0')}`, spec),
};

function formatIntVerb(n: number, verb: string, spec: Spec): string {
  const special = INT_VERBS[verb];
  if (special !== undefined) return special(n, spec);
  return verb in INT_BASES ? formatInt(n, verb, spec) : badVerb(verb, n, spec);
}

function formatFloatVerb(v: unknown, verb: string, spec: Spec): string {
  const n = numberValue(v);
  if (!'vbgGeEfFxX'.includes(verb)) return badVerb(verb, v, spec);
  const goVerb = verb === 'v' ? 'g' : verb;
  const defaultPrec = 'eEfF'.includes(goVerb) ? 6 : -1;
  const s = formatFloat(n, goVerb, spec.prec ?? defaultPrec);
  const body = s.startsWith('-') ? s.slice(1) : s;
  const out = signed(body, s.startsWith('-'), spec);
  return pad(out, spec, Number.isFinite(n));
}

function truncate(s: string, prec: number | undefined): string {
  return prec === undefined ? s : Array.from(s).slice(0, prec).join('');
}

function hexBytes(s: string, verb: string, spec: Spec): string {
  const joined = Array.from(utf8(s), (b) => b.toString(16).padStart(2, '0')).join(spec.space ? ' ' : '');
  return verb === 'X' ? joined.toUpperCase() : joined;
}

const STRING_VERBS: Readonly<Record<string, (s: string, spec: Spec) => string>> = {
  v: (s, spec) => (spec.sharp ? quoteString(s) : truncate(s, spec.prec)),
  s: (s, spec) => truncate(s, spec.prec),
  q: (s, spec) => (spec.sharp && canBackquote(s) ? '`' + s + '`' : quoteString(s, spec.plus)),
  x: (s, spec) => hexBytes(s, 'x', spec),
  X: (s, spec) => hexBytes(s, 'X', spec),
};

function formatString(s: string, verb: string, spec: Spec): string {
  const f = STRING_VERBS[verb];
  return f === undefined ? badVerb(verb, s, spec) : pad(f(s, spec), spec);
}

function formatSlice(items: readonly unknown[], verb: string, spec: Spec): string {
  return `[${items.map((x) => formatArg(x, verb, spec)).join(' ')}]`;
}

function formatMap(m: GoMap, verb: string, spec: Spec): string {
  const parts = sortedKeys(m).map((k) => `${formatArg(k, verb, spec)}:${formatArg(m[k], verb, spec)}`);
  return `map[${parts.join(' ')}]`;
}

function formatOther(v: unknown, verb: string, spec: Spec): string {
  if (verb !== 'v') return badVerb(verb, v, spec);
  return pad(typeof v === 'function' ? '<func>' : '{}', spec);
}

const BY_KIND: Readonly<Record<GoKind, (v: unknown, verb: string, spec: Spec) => string>> = {
  nil: (v, verb, spec) => (verb === 'v' ? pad('<nil>', spec) : badVerb(verb, v)),
  bool: (v, verb, spec) => (verb === 't' || verb === 'v' ? pad(String(v), spec) : badVerb(verb, v, spec)),
  int: (v, verb, spec) => formatIntVerb(numberValue(v), verb, spec),
  float: formatFloatVerb,
  string: (v, verb, spec) => formatString(v as string, verb, spec),
  slice: (v, verb, spec) => formatSlice(v as unknown[], verb, spec),
  map: (v, verb, spec) => formatMap(v as GoMap, verb, spec),
  func: formatOther,
  other: formatOther,
};

function formatArg(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(typeName(v), spec);
  return BY_KIND[kindOf(v)](v, verb, spec);
}

const FLAGS: Readonly<Record<string, 'plus' | 'minus' | 'sharp' | 'space' | 'zero'>> = {
  '+': 'plus',
  '-': 'minus',
  '#': 'sharp',
  ' ': 'space',
  '0': 'zero',
};

/** A cursor over the format string and the arguments. */
interface Cursor {
  format: string;
  i: number;
  args: readonly unknown[];
  argNum: number;
}

function nextArg(c: Cursor): unknown {
  return c.argNum < c.args.length ? c.args[c.argNum++] : undefined;
}

/** Reads a width or precision (digits or `*`); undefined when absent, NaN when `*` is not an int. */
function readNumber(c: Cursor): number | undefined {
  if (c.format[c.i] === '*') {
    c.i++;
    const a = nextArg(c);
    return kindOf(a) === 'int' && !tooLarge(numberValue(a)) ? numberValue(a) : NaN;
  }
  let num = 0;
  const start = c.i;
  for (let d = digit(c); d !== undefined; d = digit(c)) {
    // Go's parsenum: a crazy long number ends the format (`%!(NOVERB)`).
    if (tooLarge(num)) {
      c.i = c.format.length;
      return undefined;
    }
    num = num * 10 + d;
    c.i++;
  }
  return c.i === start ? undefined : num;
}

/** Go's fmt bound on widths and precisions. */
function tooLarge(n: number): boolean {
  return n > 1e6 || n < -1e6;
}

function digit(c: Cursor): number | undefined {
  const code = c.format.charCodeAt(c.i);
  return code >= 48 && code <= 57 ? code - 48 : undefined;
}

/** Reads flags, width and precision after a `%`; returns the spec and any BADWIDTH/BADPREC marker. */
function parseSpec(c: Cursor): { spec: Spec; bad: string } {
  const spec: Spec = { ...PLAIN };
  let bad = '';
  for (let f = FLAGS[c.format[c.i] ?? '']; f !== undefined; f = FLAGS[c.format[c.i] ?? '']) {
    spec[f] = true;
    c.i++;
  }
  const width = readNumber(c) ?? 0;
  if (Number.isNaN(width)) bad = '%!(BADWIDTH)';
  else if (width !== 0) spec.width = Math.abs(width);
  reserveBytes(spec.width ?? 0, 'printf width');
  if (width < 0) spec.minus = true;
  bad += readPrecision(c, spec);
  if (spec.minus) spec.zero = false;
  return { spec, bad };
}

function readPrecision(c: Cursor, spec: Spec): string {
  if (c.format[c.i] !== '.') return '';
  c.i++;
  const prec = readNumber(c) ?? 0;
  if (Number.isNaN(prec) || prec < 0) return '%!(BADPREC)';
  reserveBytes(prec, 'printf precision');
  spec.prec = prec;
  return '';
}

function formatOne(c: Cursor, nilAsEmpty: boolean): string {
  const { spec, bad } = parseSpec(c);
  if (c.i >= c.format.length) return bad + '%!(NOVERB)';
  const verb = String.fromCodePoint(c.format.codePointAt(c.i) ?? 0);
  c.i += verb.length;
  if (verb === '%') return bad + '%';
  if (c.argNum >= c.args.length) return `${bad}%!${verb}(MISSING)`;
  const arg = nextArg(c);
  if (nilAsEmpty && (arg === null || arg === undefined)) return bad + pad('', spec);
  return bad + formatArg(arg, verb, spec);
}

/**
 * Go's fmt.Sprintf over template values. With `nilAsEmpty`, a nil argument prints as the empty string under any
 * verb (spec §6.5), padded to the width.
 */
export function sprintf(format: string, args: readonly unknown[], nilAsEmpty = false): string {
  const c: Cursor = { format, i: 0, args, argNum: 0 };
  let out = '';
  while (c.i < format.length) {
    const pct = format.indexOf('%', c.i);
    if (pct < 0) {
      out += format.slice(c.i);
      break;
    }
    out += format.slice(c.i, pct);
    c.i = pct + 1;
    out += formatOne(c, nilAsEmpty);
    reserveBytes(out.length, 'printf');
  }
  if (c.argNum < args.length) {
    const extra = args.slice(c.argNum).map((a) => (a == null ? '<nil>' : `${typeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
