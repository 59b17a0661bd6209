/**
 * Templates that grow, nest or loop without end, one per family of runaway, each with the budget that
 * must stop it (with the engine's default budgets): the unit tests and bench/template-budgets.ts use them.
 */
export const HOSTILE_TEMPLATES: readonly (readonly [name: string, source: string, budget: string])[] = [
  [
    'string doubling with print',
    '{{ $s := "x" }}{{ range 100 }}{{ $s = print $s $s }}{{ end }}',
    'maxValueBytes',
  ],
  [
    'string doubling with printf',
    '{{ $s := "x" }}{{ range 100 }}{{ $s = printf "%s%s" $s $s }}{{ end }}',
    'maxValueBytes',
  ],
  [
    'replace growth',
    '{{ $s := "x" }}{{ range 100 }}{{ $s = replace "x" "xxxxxxxxxx" $s }}{{ end }}',
    'maxValueBytes',
  ],
  ['one huge repeat', '{{ repeat 1000000000 "abc" }}', 'maxValueBytes'],
  ['repeat doubling', '{{ $s := "ab" }}{{ range 100 }}{{ $s = repeat 2 $s }}{{ end }}', 'maxValueBytes'],
  [
    'join growth',
    '{{ $s := "x" }}{{ range 100 }}{{ $s = join $s (list $s $s $s) }}{{ end }}',
    'maxValueBytes',
  ],
  ['quote growth', '{{ $s := "x\\"" }}{{ range 100 }}{{ $s = quote $s $s }}{{ end }}', 'maxValueBytes'],
  [
    'b64enc growth',
    '{{ $s := "xxxxxxxxxxxx" }}{{ range 100 }}{{ $s = b64enc $s }}{{ end }}',
    'maxValueBytes',
  ],
  ['html escaping growth', '{{ $s := "<" }}{{ range 100 }}{{ $s = html $s $s }}{{ end }}', 'maxValueBytes'],
  ['printf verbs with wide widths', '{{ printf (repeat 5 "%900000d") 1 2 3 4 5 }}', 'maxValueBytes'],
  [
    'list doubling',
    '{{ $l := list 1 }}{{ range 100 }}{{ $l = list $l $l }}{{ end }}{{ toJson $l }}',
    'maxValueBytes',
  ],
  [
    'split then list doubling',
    '{{ $l := split "" (repeat 100000 "a") }}{{ range 30 }}{{ $l = list $l $l }}{{ end }}',
    'maxValueBytes',
  ],
  [
    '25 doubled dicts and toYaml',
    '{{ $d := dict "a" "b" }}{{ range 25 }}{{ $d = dict "x" $d "y" $d }}{{ end }}{{ toYaml $d }}',
    'maxValueBytes',
  ],
  [
    'merge growth',
    '{{ $d := dict "a" "b" }}{{ range 100 }}{{ $d = merge (dict "x" $d "y" $d) $d }}{{ end }}',
    'maxValueBytes',
  ],
  [
    'dicts nested a thousand deep',
    '{{ $d := dict }}{{ range 1000 }}{{ $d = dict "x" $d }}{{ end }}{{ toYaml $d }}',
    'maxValueDepth',
  ],
  [
    'lists nested a thousand deep',
    '{{ $l := list }}{{ range 1000 }}{{ $l = list $l }}{{ end }}{{ toJson $l }}',
    'maxValueDepth',
  ],
  ['a long range', '{{ range 100000000 }}x{{ end }}', 'maxSteps'],
  ['endless recursion', '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', 'maxDepth'],
];
