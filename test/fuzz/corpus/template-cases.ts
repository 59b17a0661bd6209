/**
 * Hostile templates, rendered by `ork render` for one ordinary CR (the template families):
 * growth loops (string doubling, `repeat`, `replace`, range fan-outs, nested `dict`/`list`, `toYaml`
 * of a deep value), recursion, deep nesting, huge numeric literals, wrong arity and argument types,
 * and runtime errors that must name the Katalog file and line they came from.
 */
import type { FuzzCase } from '../harness/case.ts';
import { lineOf, renderFiles } from './skeleton.ts';

/** `{{ range list 1 2 … n }}`: a loop of n turns from the catalog's own functions. */
export function loop(n: number, body: string): string {
  return `{{ range list ${Array.from({ length: n }, (_, i) => String(i)).join(' ')} }}${body}{{ end }}`;
}

/** A render case whose ConfigMap value is `value`; `at` is the value's line when `locatedAtValue`. */
function templateCase(
  id: string,
  value: string,
  expect: FuzzCase['expect'],
  locatedAtValue = true,
): FuzzCase {
  const files = renderFiles({ value });
  const line = lineOf(files['katalog.yaml'], '                value:');
  return {
    id,
    command: 'render',
    files,
    expect,
    ...(expect === 'located' && locatedAtValue ? { at: `katalog.yaml:${String(line)}:` } : {}),
  };
}

/** The template families. */
export const templateCases: readonly FuzzCase[] = [
  templateCase(
    'template/string-doubling',
    `{{ $s := "ab" }}${loop(40, '{{ $s = print $s $s }}')}{{ len $s }}`,
    'located',
  ),
  templateCase('template/repeat-huge', '{{ repeat 1000000000 "x" }}', 'located'),
  templateCase('template/repeat-nested', '{{ repeat 100000 (repeat 100000 "ab") }}', 'located'),
  templateCase(
    'template/replace-growth',
    `{{ $s := "aa" }}${loop(40, '{{ $s = replace "a" "aa" $s }}')}{{ len $s }}`,
    'located',
  ),
  templateCase(
    'template/range-fan-out',
    '{{ range split "," (repeat 20000 "a,") }}{{ range split "," (repeat 20000 "a,") }}x{{ end }}{{ end }}',
    'located',
  ),
  templateCase(
    'template/dict-nesting-toYaml',
    `{{ $d := dict "a" 1 }}${loop(25, '{{ $d = dict "a" $d "b" $d }}')}{{ toYaml $d }}`,
    'located',
  ),
  templateCase(
    'template/list-nesting-toJson',
    `{{ $l := list 1 }}${loop(30, '{{ $l = list $l $l }}')}{{ toJson $l }}`,
    'located',
  ),
  templateCase(
    'template/define-recursion',
    '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}',
    'located',
  ),
  templateCase('template/deep-parens', `{{ ${'('.repeat(20_000)}1${')'.repeat(20_000)} }}`, 'located'),
  templateCase(
    'template/deep-if',
    `${'{{ if true }}'.repeat(20_000)}x${'{{ end }}'.repeat(20_000)}`,
    'located',
  ),
  // Go's fmt refuses widths over 10^6 in its output (%!(BADWIDTH)), without an error.
  templateCase('template/printf-width', '{{ printf "%999999999d" 1 }}', 'pass'),
  templateCase('template/float-literal-overflow', '{{ 1e9999 }}', 'located'),
  templateCase('template/arity-none', '{{ upper }}', 'located'),
  templateCase('template/arity-short', '{{ trimPrefix "a" }}', 'located'),
  templateCase('template/arity-long', '{{ upper "a" "b" }}', 'located'),
  templateCase('template/argument-type', '{{ repeat "x" "y" }}', 'located'),
  templateCase('template/division-by-zero', '{{ div 1 0 }}', 'located'),
  templateCase('template/fromJson-garbage', '{{ fromJson "{" }}', 'pass'),
  templateCase('template/ordinary', '{{ .spec.text | upper }}-{{ repeat 3 "x" }}', 'ok'),
];
