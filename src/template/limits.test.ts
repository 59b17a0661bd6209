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
import { HOSTILE_TEMPLATES } from './testing/index.ts';

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

describe('execution budgets', () => {
  for (const [name, source, budget] of HOSTILE_TEMPLATES) {
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
