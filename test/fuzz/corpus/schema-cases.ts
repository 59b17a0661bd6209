/**
 * Hostile Katalog structures of `ork validate` (the load-time families): durations the
 * runtime's timers cannot hold, numbers out of range, names and labels the API server refuses,
 * `__proto__` keys, regular expressions Go's RE2 would reject (or accept), unknown operators.
 */
import type { FuzzCase } from '../harness/case.ts';
import { katalogText, lineOf } from './skeleton.ts';

/** A validate case of the skeleton with `entry` lines; `marker` is the line the error must be on. */
function entryCase(
  id: string,
  entry: readonly string[],
  expect: FuzzCase['expect'],
  marker?: string,
): FuzzCase {
  const text = katalogText({ entry });
  const at = marker === undefined ? {} : { at: `katalog.yaml:${String(lineOf(text, marker))}:` };
  return { id, command: 'validate', files: { 'katalog.yaml': text }, expect, ...at };
}

/** A validate case whose ConfigMap has a `when` condition with the given lines. */
function whenCase(id: string, condition: readonly string[], expect: FuzzCase['expect']): FuzzCase {
  const text = katalogText({ child: ['when:', ...condition.map((l, i) => `${i === 0 ? '- ' : '  '}${l}`)] });
  const at =
    expect === 'located' ? { at: `katalog.yaml:${String(lineOf(text, condition[1] ?? 'when:'))}:` } : {};
  return { id, command: 'validate', files: { 'katalog.yaml': text }, expect, ...at };
}

/** A validate case of a whole Katalog text whose error must be on the line holding `marker`. */
function textCase(id: string, text: string, marker: string): FuzzCase {
  const at = `katalog.yaml:${String(lineOf(text, marker))}:`;
  return { id, command: 'validate', files: { 'katalog.yaml': text }, expect: 'located', at };
}

const LONG = 'a'.repeat(100_000);

/** The schema families. */
export const schemaCases: readonly FuzzCase[] = [
  entryCase('schema/resync-zero', ['resync: 0s'], 'located', 'resync:'),
  // Past Node's 24.9-day timer limit: the runtime's timers wait in steps, so these are valid.
  entryCase('schema/resync-30d', ['resync: 30d'], 'ok'),
  entryCase('schema/resync-25d', ['resync: 600h'], 'ok'),
  entryCase('schema/resync-huge', ['resync: 99999999999999999999h'], 'located', 'resync:'),
  entryCase('schema/resync-negative', ['resync: -5s'], 'located', 'resync:'),
  entryCase('schema/backoff-huge', ['queue: {retryBackoff: {initial: 5ms, max: 9000h}}'], 'ok'),
  entryCase('schema/workers-huge', ['workers: 1e9'], 'located', 'workers:'),
  entryCase('schema/workers-nan', ['workers: .nan'], 'located', 'workers:'),
  entryCase('schema/workers-infinity', ['workers: .inf'], 'located', 'workers:'),
  entryCase('schema/max-depth-negative', ['queue: {maxDepth: -1}'], 'located', 'queue:'),
  entryCase('schema/label-selector-proto', ['labelSelector: {__proto__: x}'], 'located', 'labelSelector:'),
  entryCase(
    'schema/label-selector-long-value',
    [`labelSelector: {tier: ${LONG}}`],
    'located',
    'labelSelector:',
  ),
  entryCase('schema/namespace-invalid', ['namespaces: [Not_A_Namespace]'], 'located', 'namespaces:'),
  textCase('schema/crd-key-proto', katalogText().replace('    app:', '    __proto__:'), '__proto__:'),
  textCase(
    'schema/crd-key-long',
    katalogText().replace('    app:', `    ${'k'.repeat(300)}:`),
    'k'.repeat(300),
  ),
  textCase('schema/katalog-name-long', katalogText({ name: LONG }), `name: ${LONG}`),
  textCase('schema/child-label-proto', katalogText({ child: ['labels: {__proto__: x}'] }), 'labels:'),
  {
    id: 'schema/note-proto',
    command: 'validate',
    files: { 'katalog.yaml': katalogText({ notes: ["__proto__: {expression: '{{ 1 }}'}"] }) },
    expect: 'located',
  },
  whenCase('schema/regex-lookahead', ['field: spec.text', 'regex: "(?=a)a"'], 'located'),
  whenCase('schema/regex-backreference', ['field: spec.text', 'regex: "(a)\\\\1"'], 'located'),
  whenCase('schema/regex-go-inline-flag', ['field: spec.text', 'regex: "(?i)^abc$"'], 'ok'),
  whenCase('schema/regex-go-text-end', ['field: spec.text', 'regex: "abc\\\\z"'], 'ok'),
  whenCase('schema/regex-unterminated', ['field: spec.text', 'regex: "^(a"'], 'located'),
  whenCase('schema/regex-huge-repeat', ['field: spec.text', 'regex: "a{1001}"'], 'located'),
  whenCase('schema/operator-unknown', ['field: spec.text', 'operator: matchesSortOf', 'value: x'], 'located'),
  whenCase('schema/between-not-numbers', ['field: spec.n', 'between: "a,b"'], 'located'),
  whenCase('schema/greater-than-overflow', ['field: spec.n', 'greaterThan: "1e9999"'], 'located'),
];
