/**
 * Fidelity with Go's text/template and sprig on hostile input: function arity, number literals out of range,
 * and maps whose keys are JavaScript's special names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  TemplateExecError,
  TemplateSyntaxError,
  checkTemplate,
  createFunctionCatalog,
  createNoteFunctions,
  evaluateTemplate,
  executeTemplate,
  parseTemplate,
} from './index.ts';
import { CATALOG_ARITY } from './funcs/arity.ts';

const funcs = createFunctionCatalog({ clock: () => new Date(0) });

function run(source: string, data: unknown = {}): string {
  return executeTemplate(parseTemplate(source, { funcs }), data);
}

describe('function arity', () => {
  it('is known for every catalog function', () => {
    assert.deepEqual([...CATALOG_ARITY.keys()].sort(), Object.keys(funcs).sort());
  });

  it("fails a call with the wrong number of arguments with Go's message", () => {
    const cases: [string, string][] = [
      ['{{ upper }}', 'wrong number of args for upper: want 1 got 0'],
      ['{{ upper "a" "b" }}', 'wrong number of args for upper: want 1 got 2'],
      ['{{ "a" | replace "b" }}', 'wrong number of args for replace: want 3 got 2'],
      ['{{ sub 1 }}', 'wrong number of args for sub: want 2 got 1'],
      ['{{ date }}', 'wrong number of args for date: want 1 to 2 got 0'],
      ['{{ merge }}', 'wrong number of args for merge: want at least 1 got 0'],
      ['{{ list (upper) }}', 'wrong number of args for upper: want 1 got 0'],
    ];
    for (const [source, message] of cases) {
      assert.throws(
        () => run(source),
        (e: unknown) => e instanceof TemplateExecError && e.reason === message,
        source,
      );
    }
  });

  it("accepts what sprig's signatures accept", () => {
    assert.equal(run('{{ add 1 }} {{ add }} {{ max 4 }} {{ mul 3 }} {{ quote }}'), '1 0 4 3 ');
  });

  it('bounds the arguments of a note to one', () => {
    const notes = createNoteFunctions({ n: { expression: '{{ . }}' } }, funcs);
    const t = parseTemplate('{{ n 1 2 }}', { funcs: { ...funcs, ...notes } });
    assert.throws(() => executeTemplate(t, {}), /wrong number of args for n: want 0 to 1 got 2/);
  });
});

describe('number literals', () => {
  it("refuses a float beyond float64's range as Go does", () => {
    for (const literal of ['1e9999', '-1e400', '1.8e308']) {
      assert.throws(() => parseTemplate(`{{ ${literal} }}`), TemplateSyntaxError, literal);
      assert.equal(checkTemplate(`{{ ${literal} }}`, [])[0]?.message, `illegal number syntax: "${literal}"`);
    }
    assert.equal(run('{{ 1.7e308 }} {{ 1e-9999 }}'), '1.7e+308 0');
  });
});

describe('special keys', () => {
  it('keeps __proto__ an ordinary key of dict and merge', () => {
    const d = evaluateTemplate(
      parseTemplate('{{ dict "__proto__" (dict "polluted" 1) "a" 2 }}', { funcs }),
      {},
    );
    assert.deepEqual(Object.keys(d as object), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(d), Object.prototype);
    assert.equal(run('{{ toJson (dict "__proto__" 1) }}'), '{"__proto__":1}');
    const merged = evaluateTemplate(
      parseTemplate('{{ merge (dict "a" 1) (dict "__proto__" (dict "polluted" 1)) }}', { funcs }),
      {},
    ) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
    assert.equal(merged.polluted, undefined);
    assert.deepEqual(Object.keys(merged), ['a', '__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('reads a __proto__ key of data as an ordinary key', () => {
    const data = JSON.parse('{"m": {"__proto__": "x"}}') as unknown;
    assert.equal(
      run('{{ .m.__proto__ }} {{ index .m "__proto__" }} {{ hasKey .m "__proto__" }}', data),
      'x x true',
    );
  });
});

describe('checkTemplate arity', () => {
  const arities = CATALOG_ARITY;
  const names = Object.keys(funcs);

  it('finds a wrong number of arguments before any run, with its position', () => {
    const found = checkTemplate('ok {{ upper }}\n{{ .x | trimPrefix "a" "b" }} {{ not }}', names, {
      arities,
    });
    assert.deepEqual(
      found.map((d) => [d.code, d.message, d.position.line, d.position.col]),
      [
        ['arity', 'wrong number of args for upper: want 1 got 0', 1, 7],
        ['arity', 'wrong number of args for trimPrefix: want 2 got 3', 2, 9],
        ['arity', 'wrong number of args for not: want 1 got 0', 2, 34],
      ],
    );
  });

  it('counts operands, the piped value and functions named as operands', () => {
    const ok =
      '{{ .x | default "d" | upper }} {{ list now (upper "a") }} {{ define "t" }}{{ add 1 }}{{ end }}';
    assert.deepEqual(checkTemplate(ok, names, { arities }), []);
    const bad = '{{ define "t" }}{{ list (trim) }}{{ end }}{{ if eq (replace "a" "b") "" }}{{ end }}';
    assert.deepEqual(
      checkTemplate(bad, names, { arities }).map((d) => d.message),
      ['wrong number of args for trim: want 1 got 0', 'wrong number of args for replace: want 3 got 2'],
    );
  });
});
