/**
 * What `fromJson` says about input that is not JSON, in the words of Go's encoding/json (what sprig's
 * `mustFromJson` reports): "unexpected end of JSON input", "invalid character '}' looking for beginning of
 * object key string". JSON.parse's own messages name JavaScript's parser, so they never reach a user; the
 * character and the context are read from them.
 */

/** V8's description of a syntax error → Go's context after "invalid character 'x'". */
const CONTEXTS: readonly (readonly [RegExp, string])[] = [
  [/^Unexpected token/, 'looking for beginning of value'],
  [/^Expected (property name|double-quoted property name)/, 'looking for beginning of object key string'],
  [/^Expected ',' or '\]' after array element/, 'after array element'],
  [/^Expected ',' or '\}' after property value/, 'after object key:value pair'],
  [/^Expected ':' after property name/, 'after object key'],
  [/^Unexpected (non-whitespace character after JSON|number)/, 'after top-level value'],
  [/^Bad escaped character/, 'in string escape code'],
  [/^Bad Unicode escape/, 'in \\u hexadecimal character escape'],
  [/^Bad control character/, 'in string literal'],
  [/number|minus sign|Exponent/i, 'in numeric literal'],
];

/** A character as Go's encoding/json quotes it in its messages: `'x'`, `'\n'`, `'\''`. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  return `'${JSON.stringify(c).slice(1, -1)}'`;
}

/** Where JSON.parse stopped: its reported position, or the offending token of "Unexpected token 'x'". */
function offsetOf(text: string, message: string): number | undefined {
  const at = /at position (\d+)/.exec(message);
  if (at?.[1] !== undefined) return Number(at[1]);
  const token = /^Unexpected token '(.)'/u.exec(message)?.[1];
  if (token === undefined) return undefined;
  const i = text.indexOf(token);
  return i === -1 ? undefined : i;
}

/** Go's message for `text`, which JSON.parse refused with `error`. */
export function jsonSyntaxMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const offset = offsetOf(text, message);
  if (/end of JSON input/.test(message) || (offset !== undefined && offset >= text.length)) {
    return 'unexpected end of JSON input';
  }
  if (offset === undefined) return 'invalid JSON input';
  const context = CONTEXTS.find(([re]) => re.test(message))?.[1];
  const char = quoteChar(String.fromCodePoint(text.codePointAt(offset) ?? 0));
  return context === undefined
    ? `invalid character ${char} at offset ${offset}`
    : `invalid character ${char} ${context}`;
}
