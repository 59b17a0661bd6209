/**
 * Go's string quoting (strconv.Quote, QuoteToASCII, QuoteRune) used by `%q` and `printf`.
 */

const SHORT_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

function isPrintable(cp: number): boolean {
  if (cp < 0x20 || cp === 0x7f) return false;
  if (cp >= 0x80 && cp < 0xa0) return false;
  if (cp === 0xad || cp === 0xfeff || cp === 0xfffd) return cp === 0xfffd;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]/u.test(String.fromCodePoint(cp));
}

function escapeRune(cp: number, quote: number, ascii: boolean): string {
  if (cp === quote || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  if (ascii ? cp < 0x80 && isPrintable(cp) : isPrintable(cp)) return String.fromCodePoint(cp);
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** Runs of runes that print as themselves inside double quotes (Go's IsPrint, less `"` and `\`). */
const PRINTABLE_RUN = /(?:(?!["\\])[\p{L}\p{M}\p{N}\p{P}\p{S} ])+/uy;
const ALL_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;
const ALL_ASCII = /^[\x20-\x7e]*$/;
const ASCII_RUN = /[\x20\x21\x23-\x5b\x5d-\x7e]+/y;

/**
 * Quotes a string as Go's strconv.Quote (or QuoteToASCII when `ascii`). Runs of printable runes are copied
 * whole, so a long string quotes in linear time with few allocations.
 */
export function quoteString(s: string, ascii = false): string {
  // Printable text needs only `"` and `\` escaped, which is exactly what JSON does (natively, and fast).
  if ((ascii ? ALL_ASCII : ALL_PRINTABLE).test(s)) return JSON.stringify(s);
  return `"${escapeRuns(s, ascii)}"`;
}

/** Copies runs of printable runes whole and escapes the runes between them. */
function escapeRuns(s: string, ascii: boolean): string {
  const run = ascii ? ASCII_RUN : PRINTABLE_RUN;
  const parts: string[] = [];
  let i = 0;
  while (i < s.length) {
    run.lastIndex = i;
    const m = run.exec(s);
    if (m !== null) {
      parts.push(m[0]);
      i = run.lastIndex;
      continue;
    }
    const cp = s.codePointAt(i) ?? 0;
    parts.push(escapeRune(cp, 0x22, ascii));
    i += cp > 0xffff ? 2 : 1;
  }
  return parts.join('');
}

/** Quotes a rune as Go's strconv.QuoteRune. */
export function quoteRune(cp: number): string {
  const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
  return `'${escapeRune(valid ? cp : 0xfffd, 0x27, false)}'`;
}

/** Tells whether Go's strconv.CanBackquote accepts a string. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x60 || cp === 0xfeff) return false;
    if ((cp < 0x20 && cp !== 9) || cp === 0x7f) return false;
  }
  return true;
}
