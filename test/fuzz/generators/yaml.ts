/**
 * Random YAML text: structure (maps, sequences, flow and block), anchors and aliases (nested alias
 * bombs included), merge keys, tags, odd scalars, deep nesting, long lines, duplicate keys, and
 * encodings (BOM, tabs, CRLF, NUL). Used whole, or spliced into the valid skeleton.
 */
import fc from 'fast-check';
import { aliasBomb } from '../corpus/yaml-cases.ts';

/** Scalars YAML readers disagree on, or that stress numbers and strings. */
const ODD_SCALARS = [
  '~',
  'null',
  '.nan',
  '.inf',
  '-.inf',
  '0x1F',
  '0o17',
  '1e400',
  '-0',
  '00042',
  'yes',
  'off',
  '"\\u0000"',
  '"\\x00a"',
  "'it''s'",
  '2001-12-14t21:59:43.10-05:00',
  '9223372036854775808',
  '!!binary aGVsbG8=',
  '!!str 1',
  '!custom x',
  '!!int "12"',
  '"\\uD800"',
  '|\n  block\n  text',
  '>-\n  folded',
];

const key = fc.oneof(
  fc.constantFrom(
    'spec',
    'crds',
    'app',
    'metadata',
    'name',
    '__proto__',
    'constructor',
    '<<',
    '? x',
    '"a: b"',
  ),
  fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/),
);

const scalar = fc.oneof(
  fc.constantFrom(...ODD_SCALARS),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
  fc.nat(200_000).map((n) => 'x'.repeat(n)),
);

/** A YAML node as block text at `indent`, up to `depth` levels deep. */
const node: fc.Memo<string> = fc.memo((depth) => {
  if (depth <= 1) return scalar;
  const child = node(depth - 1);
  const map = fc
    .array(fc.tuple(key, child), { maxLength: 4 })
    .map((kvs) => `{${kvs.map(([k, v]) => `${k}: ${v.replaceAll('\n', ' ')}`).join(', ')}}`);
  const seq = fc
    .array(child, { maxLength: 4 })
    .map((vs) => `[${vs.map((v) => v.replaceAll('\n', ' ')).join(', ')}]`);
  return fc.oneof(scalar, map, seq);
});

/** Structures a well-meaning generator would not write: bombs, deep nesting, duplicates, merges. */
const hostileBlock = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 10 })).map(([l, w]) => aliasBomb(l, w)),
  fc.nat(30_000).map((n) => `deep: ${'['.repeat(n)}${']'.repeat(n)}`),
  fc.nat(5_000).map((n) => `deep: ${'{a: '.repeat(n)}1${'}'.repeat(n)}`),
  fc.nat(3_000).map((n) => Array.from({ length: n }, () => 'dup: 1').join('\n')),
  fc.constant('base: &b {a: 1}\nmerged:\n  <<: *b\n  <<: [*b, *b]\n  c: 2'),
  fc.constant('self: &s [*s]'),
  fc.constant('undefinedAlias: *nowhere'),
  fc.nat(1_000_000).map((n) => `long: ${'a'.repeat(n)}`),
);

/** Encodings and whitespace applied to a whole text. */
const encoding = fc.constantFrom<(t: string) => string>(
  (t) => t,
  (t) => `\uFEFF${t}`,
  (t) => t.replaceAll('\n', '\r\n'),
  (t) => t.replace(/^ {2}/m, '\t'),
  (t) => `${t}\u0000`,
  (t) => t.replace('\n', '\n---\n'),
  (t) => `%YAML 1.1\n---\n${t}`,
);

/** A YAML document of random top-level keys and hostile blocks. */
export const yamlDocument = fc
  .tuple(
    fc.array(fc.tuple(key, node(4)), { maxLength: 6 }),
    fc.array(hostileBlock, { maxLength: 2 }),
    encoding,
  )
  .map(([pairs, blocks, encode]) =>
    encode([...pairs.map(([k, v]) => `${k}: ${v.replaceAll('\n', '\n  ')}`), ...blocks].join('\n')),
  );

/** A valid Katalog with a random YAML value or block spliced in at one of its lines. */
export function splicedInto(katalog: string): fc.Arbitrary<string> {
  const lines = katalog.split('\n');
  return fc
    .tuple(fc.nat(lines.length - 1), fc.oneof(node(3), hostileBlock), encoding)
    .map(([at, text, encode]) => {
      const indentation = /^ */.exec(lines[at] ?? '')?.[0] ?? '';
      const spliced = text.replaceAll('\n', `\n${indentation}`);
      const copy = [...lines];
      copy.splice(at, 0, `${indentation}${spliced.includes(':') ? spliced : `x: ${spliced}`}`);
      return encode(copy.join('\n'));
    });
}
