/**
 * Templates: growth loops (string doubling, `repeat`, `replace`, range fan-outs over `split`), nested
 * `dict`/`list` values printed by `toYaml`/`toJson`, deep `template` recursion and nesting, numeric
 * literals past float64, and catalog functions called with the wrong number or types of arguments.
 */
import fc from 'fast-check';
import { loop } from '../corpus/template-cases.ts';

const FUNCTIONS = [
  'upper',
  'lower',
  'trim',
  'trimPrefix',
  'replace',
  'split',
  'join',
  'repeat',
  'trunc',
  'abbrev',
  'toInt',
  'toYaml',
  'toJson',
  'fromJson',
  'dict',
  'list',
  'keys',
  'merge',
  'add',
  'div',
  'mod',
  'max',
  'b64dec',
  'sha256sum',
  'date',
  'nextCron',
  'semverCompare',
  'get',
  'index',
  'slice',
  'printf',
  'len',
];

const argument = fc.constantFrom(
  '1',
  '0',
  '-1',
  '"x"',
  '""',
  '.spec',
  '.spec.text',
  '.missing',
  'nil',
  'true',
  '(list 1 2)',
  '(dict "a" 1)',
  '1e9999',
  '9223372036854775808',
  '0x7fffffffffffffff',
  '"%d %s %v"',
  '1000000000',
);

/** A catalog function with 0–4 random arguments: arity and type checks. */
const call = fc
  .tuple(fc.constantFrom(...FUNCTIONS), fc.array(argument, { maxLength: 4 }))
  .map(([f, args]) => `{{ ${[f, ...args].join(' ')} }}`);

/** A loop that grows a value each turn. */
const growth = fc.oneof(
  fc.nat(45).map((n) => `{{ $s := "ab" }}${loop(n, '{{ $s = print $s $s }}')}{{ len $s }}`),
  fc.nat(45).map((n) => `{{ $s := "aa" }}${loop(n, '{{ $s = replace "a" "aa" $s }}')}{{ len $s }}`),
  fc
    .tuple(fc.nat(1_000_000_000), fc.nat(1_000_000))
    .map(([a, b]) => `{{ repeat ${String(a)} (repeat ${String(b)} "x") }}`),
  fc
    .tuple(fc.nat(50_000), fc.nat(50_000))
    .map(
      ([a, b]) =>
        `{{ range split "," (repeat ${String(a)} "a,") }}{{ range split "," (repeat ${String(b)} "b,") }}.{{ end }}{{ end }}`,
    ),
  fc
    .tuple(fc.nat(30), fc.constantFrom('toYaml', 'toJson', 'print', 'len'))
    .map(([n, out]) => `{{ $d := dict "a" 1 }}${loop(n, '{{ $d = dict "a" $d "b" $d }}')}{{ ${out} $d }}`),
  fc
    .tuple(fc.nat(30), fc.constantFrom('toJson', 'print', 'len'))
    .map(([n, out]) => `{{ $l := list 1 }}${loop(n, '{{ $l = list $l $l }}')}{{ ${out} $l }}`),
);

/** Recursion and nesting deep enough to reach the parser's or executor's stack. */
const depth = fc.oneof(
  fc.constant('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}'),
  fc.nat(30_000).map((n) => `{{ ${'('.repeat(n)}1${')'.repeat(n)} }}`),
  fc.nat(30_000).map((n) => `${'{{ if true }}'.repeat(n)}x${'{{ end }}'.repeat(n)}`),
  fc.nat(10_000).map((n) => `{{ ${'print ('.repeat(n)}1${')'.repeat(n)} }}`),
);

/** A number literal: Go's rules on overflow and formats. */
const literal = fc
  .constantFrom(
    '1e9999',
    '-1e9999',
    '1e308',
    '9223372036854775807',
    '9223372036854775808',
    '0x1p-2',
    '1_000',
    '0b101',
  )
  .map((n) => `{{ ${n} }}`);

/** A template from any of the families, sometimes two concatenated. */
export const hostileTemplate = fc
  .array(fc.oneof(call, growth, depth, literal), { minLength: 1, maxLength: 2 })
  .map((parts) => parts.join(''));
