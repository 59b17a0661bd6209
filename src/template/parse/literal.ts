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

/** Decodes one escape at `i` (just after the backslash); returns the text and the next index. */
function unescape(s: string, i: number, quote: string): { text: string; next: number } {
  const c = s[i] ?? '';
  const simple = SIMPLE[c];
  if (simple !== undefined) return { text: simple, next: i + 1 };
  if (c === quote) return { text: c, next: i + 1 };
  const hexLen: Record<string, number> = { x: 2, u: 4, U: 8 };
  const len = hexLen[c];
  if (len !== undefined) {
    const hex = s.slice(i + 1, i + 1 + len);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new SyntaxError('invalid syntax');
    const cp = parseInt(hex, 16);
    if (c !== 'x' && (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)))
      throw new SyntaxError('invalid syntax');
    return { text: c === 'x' ? String.fromCharCode(cp) : String.fromCodePoint(cp), next: i + 1 + len };
  }
  const oct = s.slice(i, i + 3);
  if (/^[0-7]{3}$/.test(oct) && parseInt(oct, 8) < 256) {
    return { text: String.fromCharCode(parseInt(oct, 8)), next: i + 3 };
  }
  throw new SyntaxError('invalid syntax');
}

/** Go's strconv.Unquote for double-quoted and raw strings; throws SyntaxError('invalid syntax'). */
export function unquoteString(quoted: string): string {
  if (quoted.startsWith('`')) {
    if (quoted.length < 2 || !quoted.endsWith('`')) throw new SyntaxError('invalid syntax');
    return quoted.slice(1, -1).replaceAll('\r', '');
  }
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"'))
    throw new SyntaxError('invalid syntax');
  const body = quoted.slice(1, -1);
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    if (c === '"' || c === '\n') throw new SyntaxError('invalid syntax');
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const r = unescape(body, i + 1, '"');
    out += r.text;
    i = r.next;
  }
  return out;
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
  const cps = [...text];
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
    return { isFloat: true, value: Number(text.replaceAll('_', '')) };
  }
  throw new SyntaxError(`illegal number syntax: "${text}"`);
}
