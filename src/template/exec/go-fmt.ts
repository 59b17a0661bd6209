/**
 * A port of the parts of Go's fmt package that templates reach: Sprint, Sprintln and Sprintf with the
 * usual verbs, flags, width and precision, including Go's `%!verb(type=value)` error forms.
 */
import { formatFloat } from './float-format.ts';
import { canBackquote, quoteRune, quoteString } from './go-quote.ts';
import { kindOf, numberValue, sortedKeys, typeName, utf8 } from './value.ts';
import type { GoMap } from './value.ts';

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
  const len = [...s].length;
  if (len >= width) return s;
  const fill = width - len;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && zeroOk) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
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

function formatInt(n: number, verb: string, spec: Spec): string {
  const neg = n < 0;
  const abs = BigInt(Math.abs(n));
  const bases: Record<string, [number, string]> = {
    d: [10, ''],
    v: [10, ''],
    b: [2, '0b'],
    o: [8, '0'],
    O: [8, '0o'],
    x: [16, '0x'],
    X: [16, '0X'],
  };
  const [base, prefix] = bases[verb] ?? [10, ''];
  let digits = abs.toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (spec.prec !== undefined) digits = spec.prec === 0 && n === 0 ? '' : digits.padStart(spec.prec, '0');
  const withPrefix = (spec.sharp || verb === 'O') && verb !== 'd' && verb !== 'v' ? prefix + digits : digits;
  const zeroSpec = spec.prec === undefined ? spec : { ...spec, zero: false };
  return pad(signed(withPrefix, neg, spec), zeroSpec, true);
}

function formatIntVerb(n: number, verb: string, spec: Spec): string {
  switch (verb) {
    case 'c':
      return pad(n < 0 || n > 0x10ffff ? '\uFFFD' : String.fromCodePoint(n), spec);
    case 'q':
      return pad(quoteRune(n), spec);
    case 'U': {
      const hex = BigInt.asUintN(64, BigInt(n)).toString(16).toUpperCase().padStart(4, '0');
      return pad(`U+${hex}`, spec);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 's':
    case 't':
      return badVerb(verb, n, spec);
    default:
      return 'dvboOxX'.includes(verb) ? formatInt(n, verb, spec) : badVerb(verb, n, spec);
  }
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

function formatString(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 'v':
      if (spec.sharp) return pad(quoteString(s), spec);
      return pad(spec.prec === undefined ? s : [...s].slice(0, spec.prec).join(''), spec);
    case 's':
      return pad(spec.prec === undefined ? s : [...s].slice(0, spec.prec).join(''), spec);
    case 'q':
      if (spec.sharp && canBackquote(s)) return pad('`' + s + '`', spec);
      return pad(quoteString(s, spec.plus), spec);
    case 'x':
    case 'X': {
      const hex = [...utf8(s)].map((b) => b.toString(16).padStart(2, '0'));
      const joined = hex.join(spec.space ? ' ' : '');
      return pad(verb === 'X' ? joined.toUpperCase() : joined, spec);
    }
    default:
      return badVerb(verb, s, spec);
  }
}

function formatSlice(items: readonly unknown[], verb: string, spec: Spec): string {
  return `[${items.map((x) => formatArg(x, verb, spec)).join(' ')}]`;
}

function formatMap(m: GoMap, verb: string, spec: Spec): string {
  const parts = sortedKeys(m).map((k) => `${formatArg(k, verb, spec)}:${formatArg(m[k], verb, spec)}`);
  return `map[${parts.join(' ')}]`;
}

function formatArg(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(typeName(v), spec);
  switch (kindOf(v)) {
    case 'nil':
      return verb === 'v' ? pad('<nil>', spec) : badVerb(verb, v);
    case 'bool':
      return verb === 't' || verb === 'v' ? pad(String(v), spec) : badVerb(verb, v, spec);
    case 'int':
      return formatIntVerb(numberValue(v), verb, spec);
    case 'float':
      return formatFloatVerb(v, verb, spec);
    case 'string':
      return formatString(v as string, verb, spec);
    case 'slice':
      return formatSlice(v as unknown[], verb, spec);
    case 'map':
      return formatMap(v as GoMap, verb, spec);
    default:
      return verb === 'v' ? pad(typeof v === 'function' ? '<func>' : '{}', spec) : badVerb(verb, v);
  }
}

/** Reads flags, width and precision after a `%`; returns the spec and the index of the verb. */
function parseSpec(
  format: string,
  start: number,
  nextArg: () => unknown,
): { spec: Spec; i: number; bad: string } {
  const spec: Spec = { ...PLAIN };
  let i = start;
  let bad = '';
  const flags: Record<string, keyof Spec> = {
    '+': 'plus',
    '-': 'minus',
    '#': 'sharp',
    ' ': 'space',
    '0': 'zero',
  };
  for (let f = flags[format[i] ?? '']; f !== undefined; f = flags[format[i] ?? '']) {
    (spec[f] as boolean) = true;
    i++;
  }
  const width = readNumber(format, i, nextArg);
  i = width.i;
  spec.width = width.n;
  if (width.bad) bad = '%!(BADWIDTH)';
  if (width.n !== undefined && width.n < 0) {
    spec.minus = true;
    spec.width = -width.n;
  }
  if (format[i] === '.') {
    const prec = readNumber(format, i + 1, nextArg);
    i = prec.i;
    spec.prec = prec.n ?? 0;
    if (prec.bad || spec.prec < 0) {
      bad = '%!(BADPREC)';
      spec.prec = undefined;
    }
  }
  if (spec.minus) spec.zero = false;
  return { spec, i, bad };
}

function readNumber(
  format: string,
  i: number,
  nextArg: () => unknown,
): { n: number | undefined; i: number; bad: boolean } {
  if (format[i] === '*') {
    const a = nextArg();
    return kindOf(a) === 'int'
      ? { n: numberValue(a), i: i + 1, bad: false }
      : { n: undefined, i: i + 1, bad: true };
  }
  let j = i;
  while (j < format.length && /[0-9]/.test(format[j] ?? '')) j++;
  return { n: j > i ? Number(format.slice(i, j)) : undefined, i: j, bad: false };
}

/**
 * Go's fmt.Sprintf over template values. With `nilAsEmpty`, a nil argument prints as the empty string under any
 * verb (spec §6.5), padded to the width.
 */
export function sprintf(format: string, args: readonly unknown[], nilAsEmpty = false): string {
  let out = '';
  let argNum = 0;
  const nextArg = (): unknown => (argNum < args.length ? args[argNum++] : undefined);
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    const { spec, i: vi, bad } = parseSpec(format, pct + 1, nextArg);
    out += bad;
    const verb = String.fromCodePoint(format.codePointAt(vi) ?? 0);
    if (vi >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    i = vi + verb.length;
    if (verb === '%') out += '%';
    else if (argNum >= args.length) out += `%!${verb}(MISSING)`;
    else {
      const arg = args[argNum++];
      out += nilAsEmpty && (arg === null || arg === undefined) ? pad('', spec) : formatArg(arg, verb, spec);
    }
  }
  if (argNum < args.length) {
    const extra = args.slice(argNum).map((a) => (a == null ? '<nil>' : `${typeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
