/**
 * Go's text/template escapers: HTMLEscapeString, JSEscapeString and url.QueryEscape.
 */
import { utf8 } from './value.ts';

const HTML: Record<string, string> = {
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\0': '\uFFFD',
};

/** Go's template.HTMLEscapeString. */
export function escapeHtml(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => HTML[c] ?? c);
}

const JS: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

function jsRune(ch: string): string {
  const named = JS[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20) return '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  if (cp < 0x80) return ch;
  if (/[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u.test(ch)) return ch;
  return '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
}

/** Go's template.JSEscapeString. */
export function escapeJs(s: string): string {
  let out = '';
  for (const ch of s) out += jsRune(ch);
  return out;
}

/** Go's url.QueryEscape: unreserved bytes stay, space becomes `+`, the rest `%XX`. */
export function escapeQuery(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
