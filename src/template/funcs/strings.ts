/**
 * String functions with sprig's names and argument order (the subject last, so pipes read naturally), except
 * `contains`, whose subject comes first when called directly (spec §6.3). Nil arguments are "".
 */
import { ContextFunc } from '../exec/func-types.ts';
import type { FuncMap } from '../exec/func-types.ts';
import { quoteString } from '../exec/go-quote.ts';
import { reserveBytes } from '../exec/limits.ts';
import { isNil } from '../exec/value.ts';
import { int, list, str } from './args.ts';

function trunc(n: unknown, s: unknown): string {
  const c = int(n);
  const text = str(s);
  if (c < 0) return text.length + c > 0 ? text.slice(text.length + c) : text;
  return text.length > c ? text.slice(0, c) : text;
}

function abbrev(width: unknown, s: unknown): string {
  const w = int(width);
  const text = str(s);
  if (w < 4 || text.length <= w) return text;
  return text.slice(0, w - 3) + '...';
}

function repeat(count: unknown, s: unknown): string {
  const n = int(count);
  const text = str(s);
  if (n < 0) throw new Error('negative repeat count');
  reserveBytes(n * text.length, 'repeat');
  return text.repeat(n);
}

/** Occurrences of `sub` in `text` (an empty `sub` matches before every code unit and at the end). */
function occurrences(text: string, sub: string): number {
  if (sub === '') return text.length + 1;
  let count = 0;
  for (let i = text.indexOf(sub); i !== -1; i = text.indexOf(sub, i + sub.length)) count++;
  return count;
}

/** `replace OLD NEW S`; the result's size is known before it is built, and reserved. */
function replace(oldS: unknown, newS: unknown, s: unknown): string {
  const [from, to, text] = [str(oldS), str(newS), str(s)];
  if (to.length > from.length) {
    reserveBytes(text.length + occurrences(text, from) * (to.length - from.length), 'replace');
  }
  return text.replaceAll(from, to);
}

function join(sep: unknown, v: unknown): string {
  const items = Array.isArray(v) ? list(v, 'join') : [v];
  return items
    .filter((x) => !isNil(x))
    .map(str)
    .join(str(sep));
}

/** `contains SUBJECT SUB` called directly; `SUBJECT | contains SUB` piped. */
const contains = new ContextFunc((ctx, args) => {
  if (args.length !== 2) throw new Error(`wrong number of args: want 2 got ${args.length}`);
  const [a, b] = args.map(str) as [string, string];
  return ctx.piped ? b.includes(a) : a.includes(b);
});

function title(s: unknown): string {
  return str(s).replace(
    /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
    (_m, sep: string, ch: string) => sep + ch.toUpperCase(),
  );
}

/** The string functions. */
export const STRING_FUNCS: FuncMap = {
  upper: (s) => str(s).toUpperCase(),
  lower: (s) => str(s).toLowerCase(),
  title,
  trim: (s) => str(s).trim(),
  trimPrefix: (p, s) => {
    const [pre, text] = [str(p), str(s)];
    return text.startsWith(pre) ? text.slice(pre.length) : text;
  },
  trimSuffix: (p, s) => {
    const [suf, text] = [str(p), str(s)];
    return suf !== '' && text.endsWith(suf) ? text.slice(0, text.length - suf.length) : text;
  },
  hasPrefix: (p, s) => str(s).startsWith(str(p)),
  hasSuffix: (p, s) => str(s).endsWith(str(p)),
  replace,
  split: (sep, s) => str(s).split(str(sep)),
  join,
  repeat,
  quote: (...args) =>
    args
      .filter((a) => !isNil(a))
      .map((a) => quoteString(str(a)))
      .join(' '),
  squote: (...args) =>
    args
      .filter((a) => !isNil(a))
      .map((a) => `'${str(a)}'`)
      .join(' '),
  nospace: (s) => str(s).replace(/\s+/gu, ''),
  trunc,
  abbrev,
  contains,
  toString: (v: unknown) => str(v),
};
