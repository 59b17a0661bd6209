/**
 * Conversion and data: toInt toFloat toBool toJson fromJson toYaml b64enc b64dec sha256sum list dict keys
 * values hasKey pluck merge. Maps are never mutated: merge builds a new map.
 */
import { hash } from 'node:crypto';
import type { FuncMap } from '../exec/func-types.ts';
import { checkValue, reserveBytes } from '../exec/limits.ts';
import { GoFloat, isPlainObject, kindOf, makeFloat, setOwn, sortedKeys, utf8 } from '../exec/value.ts';
import type { GoMap } from '../exec/value.ts';
import { map, num, str } from './args.ts';
import { jsonSyntaxMessage } from './json-error.ts';
import { yamlLibrary } from './yaml-library.ts';

/** Replaces GoFloat wrappers by plain numbers and sorts map keys, for serialisation. */
function plain(v: unknown): unknown {
  if (v instanceof GoFloat) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (isPlainObject(v)) return Object.fromEntries(sortedKeys(v).map((k) => [k, plain(v[k])]));
  return v;
}

/** Go's json.Marshal: sorted keys, and <, >, &, U+2028, U+2029 escaped. */
function toJson(v: unknown): string {
  checkValue(v); // data the template did not build is measured before it is serialised
  const text = v === undefined || v === null ? 'null' : JSON.stringify(plain(v));
  return text.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Parses JSON; numbers keep Go's int/float split by how they are written. */
function fromJson(s: unknown): unknown {
  const text = str(s);
  const reviver = (_k: string, value: unknown, ctx?: { source?: string }): unknown =>
    typeof value === 'number' && ctx?.source !== undefined && /[.eE]/.test(ctx.source)
      ? makeFloat(value)
      : value;
  try {
    return JSON.parse(text, reviver);
  } catch (e) {
    throw new Error(jsonSyntaxMessage(text, e), { cause: e });
  }
}

function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v.trim());
  return num(v).value !== 0;
}

function b64dec(s: unknown): string {
  const text = str(s);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) throw new Error('illegal base64 data');
  return Buffer.from(text, 'base64').toString('utf8');
}

function dict(...args: unknown[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < args.length; i += 2) {
    setOwn(out, str(args[i]), args[i + 1] ?? '');
  }
  return out;
}

/** Smallest JSON size of one map entry (`"":0,`): what each key merge visits is reserved at least. */
const ENTRY_BYTES = 5;

/**
 * Deep-merges src under dst. `work` counts the keys visited: maps built from shared parts can make the
 * recursion exponential in their size, so the visits are reserved against the value bound as they go.
 */
function mergeInto(dst: GoMap, src: GoMap, work: { keys: number }): GoMap {
  const out: GoMap = { ...dst };
  work.keys += Object.keys(dst).length;
  for (const k of Object.keys(src)) {
    reserveBytes(++work.keys * ENTRY_BYTES, 'merge');
    const a = Object.hasOwn(out, k) ? out[k] : undefined;
    const b = src[k];
    if (a === undefined || a === null) setOwn(out, k, b);
    else if (isPlainObject(a) && isPlainObject(b)) setOwn(out, k, mergeInto(a, b, work));
  }
  return out;
}

function merge(dst: unknown, ...srcs: unknown[]): GoMap {
  const work = { keys: 0 };
  return srcs.reduce<GoMap>((acc, s) => mergeInto(acc, map(s, 'merge'), work), map(dst, 'merge'));
}

/** The conversion and data functions. */
export const CONVERT_FUNCS: FuncMap = {
  toInt: (v) => Math.trunc(num(v).value),
  toFloat: (v) => makeFloat(num(v).value),
  toBool,
  toJson,
  fromJson,
  toYaml: (v) => {
    checkValue(v);
    // nil is YAML's null, as Go's yaml.Marshal(nil) writes it (the library returns nothing for undefined).
    return yamlLibrary()
      .stringify(plain(v) ?? null, { sortMapEntries: true })
      .replace(/\n$/, '');
  },
  b64enc: (s) => Buffer.from(utf8(str(s))).toString('base64'),
  b64dec,
  sha256sum: (s) => hash('sha256', str(s), 'hex'),
  list: (...args) => args,
  dict,
  keys: (...maps) => [...new Set(maps.flatMap((m) => Object.keys(map(m, 'keys'))))].sort(),
  values: (m) => sortedKeys(map(m, 'values')).map((k) => map(m, 'values')[k]),
  hasKey: (m, k) => Object.hasOwn(map(m, 'hasKey'), str(k)),
  pluck: (k, ...maps) =>
    maps
      .filter((m) => kindOf(m) === 'map' && Object.hasOwn(m as GoMap, str(k)))
      .map((m) => (m as GoMap)[str(k)]),
  merge,
};
