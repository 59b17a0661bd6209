/**
 * Custom resources for `ork render`: long and odd metadata.names, deep specs, huge arrays fanned out
 * by forEach, and backtracking-shaped strings ('aaaa…!') against `regex` conditions and validation
 * rules whose patterns a backtracking engine takes exponential time on.
 */
import fc from 'fast-check';
import { crText, katalogText, quoted } from '../corpus/skeleton.ts';

/** Patterns that are linear in RE2 and exponential when backtracking. */
const EVIL_PATTERNS = ['^(a+)+$', '^(a|aa)+$', '^(a|a?)+$', '^(\\w+\\s?)*$', '(.*a){12}'];

/** The Katalog the CRs are rendered with: a regex `when`, a regex validation rule and a forEach. */
export const crKatalog = fc.constantFrom(...EVIL_PATTERNS).map((pattern) =>
  katalogText({
    entry: [
      'validation:',
      '  rules:',
      `    - {field: spec.text, regex: ${quoted(pattern)}, message: shape, action: warn}`,
    ],
    child: [
      'forEach: {field: spec.items, as: item}',
      'when:',
      `  - {field: spec.text, regex: ${quoted(pattern)}}`,
    ],
    childName: '{{ .metadata.name }}-{{ .index }}',
    value: '{{ .item }} {{ toJson .spec.deep }}',
  }),
);

const name = fc.oneof(
  { arbitrary: fc.constant('one'), weight: 3 },
  fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?$/),
  fc.nat(100_000).map((n) => 'a'.repeat(n + 1)),
  fc.constantFrom('UPPER', 'under_score', '-dash', 'dot.', 'ünï', '"quoted"', '__proto__', '0'),
);

const text = fc.oneof(
  fc.nat(60).map((n) => `${'a'.repeat(n)}!`),
  fc.nat(60).map((n) => `${'a '.repeat(n)}!`),
  fc.string({ maxLength: 40 }),
);

const nested = (max: number) => fc.nat(max).map((n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`);
const list = (max: number) =>
  fc.nat(max).map((n) => `[${Array.from({ length: n }, (_, i) => String(i)).join(', ')}]`);
// Mostly ordinary, sometimes huge: one hostile field at a time shows which one fails.
const deep = fc.oneof({ arbitrary: nested(5), weight: 4 }, { arbitrary: nested(6_000), weight: 1 });
const items = fc.oneof({ arbitrary: list(5), weight: 4 }, { arbitrary: list(50_000), weight: 1 });

/** A CR of the Katalog's kind. */
export const hostileCr = fc
  .record({ name, text, deep, items })
  .map((cr) =>
    crText(
      [`text: ${JSON.stringify(cr.text)}`, `deep: ${cr.deep}`, `items: ${cr.items}`],
      JSON.stringify(cr.name),
    ),
  );
