/**
 * The execution budgets against hostile templates: each family of runaway growth stops at its bound, with a
 * TemplateLimitError naming the budget and the position, within a second and without building the oversized
 * value first.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  TemplateLimitError,
  createFunctionCatalog,
  createRunBudget,
  executeTemplate,
  loadYamlLibrary,
  parseTemplate,
} from './index.ts';
import type { ExecuteOptions } from './index.ts';

before(loadYamlLibrary); // for toYaml

const funcs = createFunctionCatalog({ clock: () => new Date(0) });

function run(source: string, options: ExecuteOptions = {}): string {
  return executeTemplate(parseTemplate(source, { funcs }), {}, options);
}

/** Asserts the template stops at `budget`, quickly and with little memory. */
function assertStops(source: string, budget: string, options: ExecuteOptions = {}): TemplateLimitError {
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  let caught: unknown;
  try {
    run(source, options);
  } catch (e) {
    caught = e;
  }
  const ms = performance.now() - started;
  assert.ok(caught instanceof TemplateLimitError, `expected a limit error, got ${String(caught)}`);
  assert.match(caught.message, new RegExp(`\\(${budget}\\)|, ${budget}\\)`));
  // Each stops well under a second on an idle machine; the margin is for a loaded CI runner.
  assert.ok(ms < 2000, `took ${Math.round(ms)} ms`);
  assert.ok(process.memoryUsage().heapUsed - heap < 200e6, 'grew the heap by more than 200 MB');
  return caught;
}

const HOSTILE: readonly (readonly [string, string, string])[] = [
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

describe('execution budgets', () => {
  for (const [name, source, budget] of HOSTILE) {
    it(`stops ${name} at ${budget}`, () => {
      assertStops(source, budget);
    });
  }

  it('names the position of the call that went over', () => {
    const e = assertStops(
      'ok\n{{ $s := "x" }}{{ range 100 }}{{ $s = print $s $s }}{{ end }}',
      'maxValueBytes',
    );
    assert.equal(e.line, 2);
    assert.equal(e.col, 39);
    assert.match(e.reason, /^print: /);
  });

  it('checks a size it can predict before building the value', () => {
    // 2^40 characters could never be built: the bound is checked from the count and the length.
    assertStops('{{ repeat 1099511627776 "x" }}', 'maxValueBytes');
    assertStops('{{ replace "" "xxxxxxxxxx" (repeat 200000 "y") }}', 'maxValueBytes');
  });

  it('measures data handed to a serialiser, not only values the template built', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5000; i++) deep = { x: deep };
    const t = parseTemplate('{{ toJson .d }}', { funcs });
    assert.throws(() => executeTemplate(t, { d: deep }), /maxValueDepth/);
  });

  it('honours bounds set per execution', () => {
    assert.equal(run('{{ repeat 100 "ab" }}', { maxValueBytes: 200 }).length, 200);
    assertStops('{{ repeat 101 "ab" }}', 'maxValueBytes', { maxValueBytes: 200 });
    assert.equal(run('{{ list (list (list 1)) }}', { maxValueDepth: 3 }), '[[[1]]]');
    assertStops('{{ list (list (list (list 1))) }}', 'maxValueDepth', { maxValueDepth: 3 });
  });

  it('stops when the executions sharing a budget have taken their time, read inside the step loop', () => {
    let now = 0;
    const budget = createRunBudget({ maxOutputBytes: 1e9, timeoutMs: 50, now: () => now });
    now += 1000; // time outside the engine (waiting on the API server) does not count
    assert.equal(run('{{ range 10000 }}{{ end }}', { run: budget }), '');
    const ticking = createRunBudget({ maxOutputBytes: 1e9, timeoutMs: 50, now: () => (now += 1) });
    const e = assertStops('{{ range 100000 }}x{{ end }}', 'timeout', { run: ticking });
    assert.match(e.message, /longer than 50 ms/);
  });

  it('counts the output of every execution sharing a budget', () => {
    const budget = createRunBudget({ maxOutputBytes: 25, timeoutMs: 10_000 });
    assert.equal(run('{{ repeat 10 "x" }}', { run: budget }).length, 10);
    assert.equal(run('{{ repeat 10 "x" }}', { run: budget }).length, 10);
    assertStops('{{ repeat 10 "x" }}', 'maxReconcileOutputBytes', { run: budget });
  });

  it('leaves real templates alone', () => {
    const out = run(
      '{{ range $i := until 3 }}{{ end }}'.replace('until 3', '3') + '{{ toYaml (dict "a" (list 1 2)) }}',
    );
    assert.equal(out, 'a:\n  - 1\n  - 2');
  });
});
