/**
 * Go's float formatting (strconv.FormatFloat and the float verbs of fmt): shortest `%v`, and `%e`, `%f`, `%g`
 * with a precision, rounded half-to-even on the exact binary value as Go does; `%b` and `%x` too.
 */

/** Significant decimal digits (no trailing zeros) and the decimal point position. */
interface Digits {
  digits: string;
  dp: number;
}

function floatBits(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  if (expBits === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | (1n << 52n), exp: expBits - 1075 };
}

function trimDigits(digits: string, dp: number): Digits {
  const trimmed = digits.replace(/0+$/, '');
  return trimmed === '' ? { digits: '0', dp: 1 } : { digits: trimmed, dp };
}

/** The exact decimal expansion of a finite non-negative double. */
function exactDigits(abs: number): Digits {
  const { mant, exp } = floatBits(abs);
  if (mant === 0n) return { digits: '0', dp: 1 };
  if (exp >= 0) {
    const s = (mant << BigInt(exp)).toString();
    return trimDigits(s, s.length);
  }
  const s = (mant * 5n ** BigInt(-exp)).toString();
  return trimDigits(s, s.length + exp);
}

/** The shortest digits that read back as the same double. */
function shortestDigits(abs: number): Digits {
  const [mant = '0', exp = '0'] = abs.toExponential().split('e');
  return trimDigits(mant.replace('.', ''), Number(exp) + 1);
}

function increment(digits: string): { digits: string; carry: boolean } {
  const arr = digits.split('');
  let i = arr.length - 1;
  while (i >= 0 && arr[i] === '9') arr[i--] = '0';
  if (i < 0) return { digits: '1' + arr.join(''), carry: true };
  arr[i] = String(Number(arr[i]) + 1);
  return { digits: arr.join(''), carry: false };
}

/** Whether rounding to n digits goes up: above half, or exactly half with an odd digit before. */
function roundsUp(digits: string, n: number): boolean {
  const next = digits[n] ?? '0';
  if (next !== '5') return next > '5';
  const prev = n > 0 ? Number(digits[n - 1]) : 0;
  return /[1-9]/.test(digits.slice(n + 1)) || prev % 2 === 1;
}

/** Rounds to n significant digits, half to even. */
function roundDigits(d: Digits, n: number): Digits {
  if (d.digits === '0' || d.digits.length <= n) return d;
  if (n < 0) return { digits: '0', dp: 1 };
  const up = roundsUp(d.digits, n);
  const kept = d.digits.slice(0, n);
  if (!up) return trimDigits(kept, d.dp);
  const inc = increment(kept === '' ? '0' : kept);
  return trimDigits(inc.digits, d.dp + (inc.carry || kept === '' ? 1 : 0));
}

function formatE(d: Digits, prec: number, letter: string): string {
  let out = d.digits[0] ?? '0';
  if (prec > 0) out += '.' + d.digits.slice(1, 1 + prec).padEnd(prec, '0');
  const exp = d.digits === '0' ? 0 : d.dp - 1;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${out}${letter}${exp < 0 ? '-' : '+'}${e}`;
}

function formatF(d: Digits, prec: number): string {
  const intPart = d.dp <= 0 || d.digits === '0' ? '0' : d.digits.slice(0, d.dp).padEnd(d.dp, '0');
  if (prec <= 0) return intPart;
  const fracDigits = d.dp < 0 ? '0'.repeat(-d.dp) + d.digits : d.digits.slice(Math.max(d.dp, 0));
  return `${intPart}.${fracDigits.slice(0, prec).padEnd(prec, '0')}`;
}

function exponentPrecision(d: Digits, p: number, shortest: boolean): number {
  if (shortest) return 6;
  return p > d.digits.length && d.digits.length >= d.dp ? d.digits.length : p;
}

function formatG(abs: number, prec: number, letter: string): string {
  const shortest = prec < 0;
  const p0 = prec === 0 ? 1 : prec;
  const d = shortest ? shortestDigits(abs) : roundDigits(exactDigits(abs), p0);
  let p = shortest ? d.digits.length : p0;
  const eprec = exponentPrecision(d, p, shortest);
  const exp = d.digits === '0' ? 0 : d.dp - 1;
  if (exp < -4 || exp >= eprec) return formatE(d, Math.min(p, d.digits.length) - 1, letter);
  if (p > d.dp) p = d.digits.length;
  return formatF(d, Math.max(p - d.dp, 0));
}

function formatBinary(abs: number): string {
  const { mant, exp } = floatBits(abs);
  return `${mant.toString()}p${exp >= 0 ? '+' : ''}${exp}`;
}

function formatHex(abs: number, upper: boolean): string {
  let { mant, exp } = floatBits(abs);
  if (mant === 0n) return upper ? '0X0P+00' : '0x0p+00';
  while (mant < 1n << 52n) {
    mant <<= 1n;
    exp--;
  }
  const frac = (mant & ((1n << 52n) - 1n)).toString(16).padStart(13, '0').replace(/0+$/, '');
  const e = exp + 52;
  const out = `0x1${frac === '' ? '' : '.' + frac}p${e < 0 ? '-' : '+'}${Math.abs(e).toString().padStart(2, '0')}`;
  return upper ? out.toUpperCase() : out;
}

function formatExp(abs: number, prec: number, letter: string): string {
  const d = prec < 0 ? shortestDigits(abs) : roundDigits(exactDigits(abs), prec + 1);
  return formatE(d, prec < 0 ? d.digits.length - 1 : prec, letter);
}

function formatFixed(abs: number, prec: number): string {
  if (prec < 0) {
    const d = shortestDigits(abs);
    return formatF(d, Math.max(d.digits.length - d.dp, 0));
  }
  const exact = exactDigits(abs);
  return formatF(roundDigits(exact, exact.dp + prec), prec);
}

const BY_VERB: Readonly<Record<string, (abs: number, prec: number) => string>> = {
  e: (abs, prec) => formatExp(abs, prec, 'e'),
  E: (abs, prec) => formatExp(abs, prec, 'E'),
  f: formatFixed,
  F: formatFixed,
  b: formatBinary,
  x: (abs) => formatHex(abs, false),
  X: (abs) => formatHex(abs, true),
  G: (abs, prec) => formatG(abs, prec, 'E'),
};

function formatAbs(abs: number, verb: string, prec: number): string {
  const f = BY_VERB[verb];
  return f === undefined ? formatG(abs, prec, 'e') : f(abs, prec);
}

/**
 * Formats a float like Go's strconv.FormatFloat(v, verb, prec, 64) (verb b, e, E, f, g, G, x or X;
 * prec -1 = shortest).
 */
export function formatFloat(v: number, verb: string, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  const body = formatAbs(Math.abs(v), verb, prec);
  return neg ? `-${body}` : body;
}
