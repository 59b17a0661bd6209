/**
 * The lexer: turns template source into items, as Go's text/template/parse lexer does
 * (`{{`/`}}` delimiters, trim markers, comments, strings, numbers, variables, fields and keywords).
 */

import { KEYWORDS } from './item.ts';
import type { Item, ItemType } from './item.ts';

export type { Item, ItemType } from './item.ts';

const LEFT = '{{';
const RIGHT = '}}';
const SPACE = /[ \t\r\n]/;
// Unicode letters and digits, as Go's identifiers. Only tested for non-ASCII characters: compiling
// a \p{...} class reads ICU's property tables (~0.8 MB of resident memory) that ASCII never needs.
const UNICODE_ALNUM = /[\p{L}\p{Nd}_]/u;

function isSpace(c: string | undefined): boolean {
  return c !== undefined && SPACE.test(c);
}

const isAsciiAlnum = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x30 && code <= 0x39) ||
  code === 0x5f;

/** Whether `c` may be part of an identifier: a letter, a decimal digit or `_`. */
export function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return code < 0x80 ? isAsciiAlnum(code) : UNICODE_ALNUM.test(c);
}

/** Counts newlines between two offsets. */
function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** Splits template source into items; the last item is `eof` or `error`. */
export function lex(input: string): Item[] {
  return new Lexer(input).run();
}

const ACTION_CHARS: Readonly<Record<string, (l: Lexer) => void>> = {
  '=': (l) => {
    l.single('assign');
  },
  ':': (l) => {
    l.lexDeclare();
  },
  '|': (l) => {
    l.single('pipe');
  },
  '"': (l) => {
    l.lexQuote();
  },
  '`': (l) => {
    l.lexRawQuote();
  },
  $: (l) => {
    l.lexVariable();
  },
  "'": (l) => {
    l.lexChar();
  },
  '.': (l) => {
    l.lexDot();
  },
};

class Lexer {
  readonly input: string;
  readonly items: Item[] = [];
  pos = 0;
  start = 0;
  line = 1;
  startLine = 1;
  parenDepth = 0;
  done = false;

  constructor(input: string) {
    this.input = input;
  }

  run(): Item[] {
    while (!this.done) {
      if (!this.lexText()) break;
      this.lexAction();
    }
    return this.items;
  }

  peek(offset = 0): string | undefined {
    return this.input[this.pos + offset];
  }

  emit(type: ItemType, val?: string): void {
    const text = val ?? this.input.slice(this.start, this.pos);
    this.items.push({ type, val: text, pos: this.start, line: this.startLine });
    this.advanceStart();
  }

  advanceStart(): void {
    this.line += countLines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  ignore(): void {
    this.advanceStart();
  }

  fail(message: string): void {
    this.items.push({ type: 'error', val: message, pos: this.start, line: this.startLine });
    this.done = true;
  }

  /** Scans text up to the next left delimiter; returns false at the end of input. */
  lexText(): boolean {
    const x = this.input.indexOf(LEFT, this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('eof');
      this.done = true;
      return false;
    }
    const trim = this.input[x + 2] === '-' && isSpace(this.input[x + 3]);
    let end = x;
    if (trim) while (end > this.start && isSpace(this.input[end - 1])) end--;
    this.pos = end;
    if (this.pos > this.start) this.emit('text');
    this.pos = x;
    this.ignore();
    return true;
  }

  /** Lexes one action, from its left delimiter through its right delimiter. */
  lexAction(): void {
    this.pos += LEFT.length;
    const after = this.peek() === '-' && isSpace(this.peek(1)) ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + after)) {
      this.pos += after;
      this.ignore();
      this.lexComment();
      return;
    }
    this.emit('leftDelim');
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    this.lexInsideAction();
  }

  /** Checks for a right delimiter at the cursor, with or without a trim marker. */
  atRightDelim(): { found: boolean; trim: boolean } {
    if (isSpace(this.peek()) && this.peek(1) === '-' && this.input.startsWith(RIGHT, this.pos + 2)) {
      return { found: true, trim: true };
    }
    return { found: this.input.startsWith(RIGHT, this.pos), trim: false };
  }

  skipRightDelim(trim: boolean, emit: boolean): void {
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += RIGHT.length;
    if (emit) this.emit('rightDelim');
    if (trim) while (isSpace(this.peek())) this.pos++;
    this.ignore();
  }

  lexComment(): void {
    const close = this.input.indexOf('*/', this.pos + 2);
    if (close < 0) {
      this.fail('unclosed comment');
      return;
    }
    this.pos = close + 2;
    const delim = this.atRightDelim();
    if (!delim.found) {
      this.fail('comment ends before closing delimiter');
      return;
    }
    this.emit('comment');
    this.skipRightDelim(delim.trim, false);
  }

  lexInsideAction(): void {
    while (!this.done) {
      const delim = this.atRightDelim();
      if (delim.found) {
        if (this.parenDepth > 0) {
          this.fail('unclosed left paren');
          return;
        }
        this.skipRightDelim(delim.trim, true);
        return;
      }
      this.lexActionToken();
    }
  }

  lexActionToken(): void {
    const c = this.peek();
    if (c === undefined) {
      this.fail('unclosed action');
      return;
    }
    const handler = ACTION_CHARS[c];
    if (handler !== undefined) handler(this);
    else if (isSpace(c)) this.lexSpace();
    else if (/[+\-0-9]/.test(c)) this.lexNumber();
    else if (isAlnum(c)) this.lexIdentifier();
    else this.lexPunct(c);
  }

  lexPunct(c: string): void {
    if (c === '(') {
      this.parenDepth++;
      this.single('leftParen');
      return;
    }
    if (c === ')') {
      this.parenDepth--;
      if (this.parenDepth < 0) {
        this.fail('unexpected right paren');
        return;
      }
      this.single('rightParen');
      return;
    }
    const cp = c.codePointAt(0) ?? 0;
    if (cp <= 0x7f && cp >= 0x20 && cp !== 0x7f) {
      this.single('char');
      return;
    }
    this.fail(`unrecognized character in action: ${describeRune(this.input.codePointAt(this.pos) ?? 0)}`);
  }

  single(type: ItemType): void {
    this.pos++;
    this.emit(type);
  }

  lexSpace(): void {
    while (isSpace(this.peek()) && !this.atRightDelim().trim) this.pos++;
    this.emit('space');
  }

  lexDeclare(): void {
    if (this.peek(1) !== '=') {
      this.fail('expected :=');
      return;
    }
    this.pos += 2;
    this.emit('declare');
  }

  lexQuote(): void {
    this.lexEscaped('"', 'unterminated quoted string', 'string');
  }

  /**
   * A quoted run in which a backslash escapes the next character: a string or a character
   * constant. Neither may span lines.
   */
  private lexEscaped(quote: string, unterminated: string, type: 'string' | 'charConstant'): void {
    this.pos++;
    for (;;) {
      const c = this.peek();
      if (c === '\\') {
        const n = this.peek(1);
        if (n !== undefined && n !== '\n') {
          this.pos += 2;
          continue;
        }
      }
      if (c === undefined || c === '\n') {
        this.fail(unterminated);
        return;
      }
      this.pos++;
      if (c === quote) break;
    }
    this.emit(type);
  }

  lexRawQuote(): void {
    const close = this.input.indexOf('`', this.pos + 1);
    if (close < 0) {
      this.fail('unterminated raw quoted string');
      return;
    }
    this.pos = close + 1;
    this.emit('rawString');
  }

  lexChar(): void {
    this.lexEscaped("'", 'unterminated character constant', 'charConstant');
  }

  lexVariable(): void {
    this.pos++;
    while (isAlnum(this.peek())) this.pos++;
    this.emitChecked('variable');
  }

  lexDot(): void {
    if (/[0-9]/.test(this.peek(1) ?? '')) {
      this.lexNumber();
      return;
    }
    this.pos++;
    if (!isAlnum(this.peek())) {
      this.emitChecked('dot');
      return;
    }
    while (isAlnum(this.peek())) this.pos++;
    this.emitChecked('field');
  }

  lexIdentifier(): void {
    while (isAlnum(this.peek())) this.pos++;
    const word = this.input.slice(this.start, this.pos);
    if (KEYWORDS.has(word)) {
      this.emitChecked(word as ItemType);
      return;
    }
    if (word === 'true' || word === 'false') {
      this.emitChecked('bool');
      return;
    }
    this.emitChecked('identifier');
  }

  /** Emits an identifier-like item if the next character may follow it. */
  emitChecked(type: ItemType): void {
    const c = this.peek();
    const ok =
      c === undefined || isSpace(c) || '.,|:)('.includes(c) || this.input.startsWith(RIGHT, this.pos);
    if (!ok) {
      this.fail(`bad character ${describeRune(this.input.codePointAt(this.pos) ?? 0)}`);
      return;
    }
    this.emit(type);
  }

  lexNumber(): void {
    if (!this.scanNumber()) {
      this.pos = Math.max(this.pos, this.start + 1);
      this.fail(`bad number syntax: "${this.input.slice(this.start, this.pos)}"`);
      return;
    }
    this.emit('number');
  }

  scanNumber(): boolean {
    this.accept('+-');
    const digits = this.scanPrefix();
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    const expChars = digits.length === 11 ? 'eE' : digits.length === 23 ? 'pP' : '';
    if (expChars !== '' && this.accept(expChars)) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlnum(this.peek())) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** Reads a 0x/0o/0b prefix and returns the digits valid after it. */
  scanPrefix(): string {
    if (this.peek() !== '0') return '0123456789_';
    const prefixes: Record<string, string> = { x: '0123456789abcdefABCDEF_', o: '01234567_', b: '01_' };
    const digits = prefixes[(this.peek(1) ?? '').toLowerCase()];
    if (digits === undefined) return '0123456789_';
    this.pos += 2;
    return digits;
  }

  accept(valid: string): boolean {
    const c = this.peek();
    if (c === undefined || !valid.includes(c)) return false;
    this.pos++;
    return true;
  }

  acceptRun(valid: string): void {
    while (this.peek() !== undefined && valid.includes(this.peek() ?? '')) this.pos++;
  }
}

/** Describes a rune as Go's %#U does: `U+0023 '#'`. */
export function describeRune(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${String.fromCodePoint(cp)}'`;
}
