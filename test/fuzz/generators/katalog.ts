/**
 * Katalog structures: a valid Katalog (conditions, validation, resync, queue, labels, notes) with a
 * few random mutations at random paths — wrong types, unknown keys, `__proto__` keys, huge, negative
 * and zero numbers and durations, very long names and labels, bad regexes, odd condition operators.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The valid Katalog the mutations start from (every field here validates on main). */
export function validKatalog(): { [key: string]: Json } {
  return {
    apiVersion: 'orkestra.orkspace.io/v1',
    kind: 'Katalog',
    metadata: { name: 'fuzz' },
    notes: { isProd: { expression: '{{ eq .spec.text "prod" }}' } },
    spec: {
      crds: {
        app: {
          apiTypes: { group: 'demo.io', version: 'v1', kind: 'App', plural: 'apps' },
          workers: 2,
          resync: '30s',
          queue: { maxDepth: 100, failureThreshold: 10, retryBackoff: { initial: '5ms', max: '10s' } },
          labelSelector: { tier: 'web' },
          namespaces: ['default'],
          validation: {
            rules: [{ field: 'spec.text', regex: '^[a-z]+$', message: 'lowercase', action: 'warn' }],
          },
          operatorBox: {
            onReconcile: {
              configMaps: [
                {
                  name: '{{ .metadata.name }}',
                  labels: { app: 'x' },
                  data: { value: '{{ .spec.text }}' },
                  when: [{ field: 'spec.text', operator: 'exists' }],
                },
              ],
            },
          },
        },
      },
    },
  };
}

const LONG = (n: number) => 'a'.repeat(n);

/** Values a Katalog field should never take, and some it should. */
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    0,
    -1,
    1e9,
    2 ** 53,
    -(2 ** 31),
    1.5,
    '0s',
    '0ms',
    '-1s',
    '30d',
    '25d',
    '600h',
    '99999999999h',
    '1y',
    '1e3s',
    '(a+)+$',
    '(?=x)',
    '(a)\\1',
    '[',
    '(?i)x',
    'a{1001}',
    '\\p{Greek}',
    'matchesSortOf',
    'between',
    '1,a',
    '__proto__',
    'constructor',
    '{{',
    '{{ upper }}',
    '{{ 1e9999 }}',
    '',
    ' ',
    'UPPER_case',
    true,
    null,
    [],
    {},
  ),
  fc.nat(100_000).map(LONG),
  fc.string({ maxLength: 30 }),
  fc.double().filter(Number.isFinite),
  fc.integer(),
);

/** Every path (as key lists) of `value`'s maps and lists. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => pathsOf((value as Record<string, Json>)[k] ?? null, [...prefix, k])),
  ];
}

/** A mutation: replace the value at a path, add a key (unknown or `__proto__`) there, or remove it. */
type Mutation = { path: number; op: 'set' | 'add' | 'delete'; key: string; value: Json };

function apply(root: { [key: string]: Json }, all: (string | number)[][], m: Mutation): void {
  const path = all[m.path % all.length] ?? [];
  const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k] ?? null, root);
  const last = path.at(-1);
  if (parent === null || typeof parent !== 'object' || last === undefined) return;
  const target = parent as Record<string, Json>;
  const here = target[last];
  if (m.op === 'delete') Reflect.deleteProperty(target, last);
  else if (m.op === 'set') target[last] = m.value;
  else if (here !== null && typeof here === 'object' && !Array.isArray(here))
    Object.defineProperty(here, m.key, {
      value: m.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.nat(),
  op: fc.constantFrom('set', 'add', 'delete'),
  key: fc.constantFrom('__proto__', 'constructor', 'bogus', 'Name', 'resync', 'regex', 'operator'),
  value: hostileValue,
});

/** A mutated Katalog as YAML text. */
export const mutatedKatalog: fc.Arbitrary<string> = fc
  .array(mutation, { minLength: 1, maxLength: 3 })
  .map((mutations) => {
    const katalog = validKatalog();
    for (const m of mutations) apply(katalog, pathsOf(katalog), m);
    return stringify(katalog, { lineWidth: 0 });
  });
