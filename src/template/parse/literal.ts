/**
 * Literal decoding as Go does it: strconv.Unquote for strings and runes, and number constants typed by how
 * they are written (ints, floats written with `.`, `e` or `p`, runes).
 */

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function invalid(): never {
  throw new SyntaxError('invalid syntax');
}

/** Decodes `\xHH`, `\uHHHH` or `\UHHHHHHHH` starting at the letter. */
function unescapeHex(s: string, i: number, len: number): { text: string; next: number } {
  const c = s[i];
  const hex = s.slice(i + 1, i + 1 + len);
  if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) invalid();
  const cp = parseInt(hex, 16);
  if (c === 'x') return { text: String.fromCharCode(cp), next: i + 1 + len };
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) invalid();
  return { text: String.fromCodePoint(cp), next: i + 1 + len };
}

/** Decodes one escape at `i` (just after the backslash); returns the text and the next index. */
function unescape(s: string, i: number, quote: string): { text: string; next: number } {
  const c = s[i] ?? '';
  const simple = c === quote ? c : SIMPLE[c];
  if (simple !== undefined) return { text: simple, next: i + 1 };
  const len = HEX_LENGTH[c];
  if (len !== undefined) return unescapeHex(s, i, len);
  const oct = s.slice(i, i + 3);
  if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) invalid();
  return { text: String.fromCharCode(parseInt(oct, 8)), next: i + 3 };
}

function unquoteDouble(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    if (c === '"' || c === '\n') invalid();
    if (c === '\\') {
      const r = unescape(body, i + 1, '"');
      out += r.text;
      i = r.next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Go's strconv.Unquote for double-quoted and raw strings; throws SyntaxError('invalid syntax'). */
export function unquoteString(quoted: string): string {
  const q = quoted[0];
  if (quoted.length < 2 || (q !== '`' && q !== '"') || !quoted.endsWith(q)) invalid();
  const body = quoted.slice(1, -1);
  return q === '`' ? body.replaceAll('\r', '') : unquoteDouble(body);
}

/** Decodes a rune constant such as `'a'` or `'\n'` to its code point. */
export function unquoteRune(quoted: string): number {
  const body = quoted.slice(1, -1);
  let text: string;
  if (body.startsWith('\\')) {
    const r = unescape(body, 1, "'");
    if (r.next !== body.length) throw new SyntaxError(`malformed character constant: ${quoted}`);
    text = r.text;
  } else {
    text = body;
  }
  const cps = Array.from(text);
  if (cps.length !== 1 || quoted.length < 3) throw new SyntaxError(`malformed character constant: ${quoted}`);
  return cps[0]?.codePointAt(0) ?? 0;
}

/** A decoded number literal. */
export interface NumberLiteral {
  isFloat: boolean;
  value: number;
}

function parseInteger(text: string): number | undefined {
  const neg = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const patterns: [RegExp, number, number][] = [
    [/^0[xX](_?[0-9a-fA-F])+$/, 16, 2],
    [/^0[oO](_?[0-7])+$/, 8, 2],
    [/^0[bB](_?[01])+$/, 2, 2],
    [/^0(_?[0-7])+$/, 8, 1],
    [/^[1-9](_?[0-9])*$|^0$/, 10, 0],
  ];
  for (const [re, base, skip] of patterns) {
    if (!re.test(body)) continue;
    const digits = body.slice(skip).replaceAll('_', '');
    const big = BigInt(base === 10 ? digits : `0${'xob'[[16, 8, 2].indexOf(base)] ?? ''}${digits}`);
    if (big > 2n ** 63n - (neg ? 0n : 1n)) throw new RangeError(`integer overflow: ${text}`);
    return Number(neg ? -big : big);
  }
  return undefined;
}

/** Decodes a number literal; throws with Go's message when the syntax is illegal. */
export function parseNumber(text: string): NumberLiteral {
  if (text.endsWith('i')) throw new SyntaxError(`complex numbers are not supported: ${text}`);
  const asInt = parseInteger(text);
  const isHex = /^[+-]?0[xX]/.test(text);
  if (asInt !== undefined) return { isFloat: false, value: asInt };
  if (!isHex && /^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][+-]?\d(_?\d)*)?$/.test(text) && /\d/.test(text)) {
    const value = Number(text.replaceAll('_', ''));
    // Go's ParseFloat refuses a value beyond float64's range (ErrRange), so the literal is illegal there.
    if (Number.isFinite(value)) return { isFloat: true, value };
  }
  throw new SyntaxError(`illegal number syntax: "${text}"`);
}
