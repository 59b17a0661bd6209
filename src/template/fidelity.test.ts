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
import { CATALOG_ARITY, CATALOG_SIGNATURES } from './funcs/signatures.ts';

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

describe('argument types', () => {
  const data = { s: 'str', n: 3, f: 1.5, b: true, l: [1, 'a'], m: { a: 1 }, nil: null };

  it("fails an argument of the wrong type with Go's message, at the argument", () => {
    // Each message is what Go's text/template with sprig prints for the same call.
    const cases: [string, string, number][] = [
      ['{{ repeat "x" "y" }}', 'expected integer; found "x"', 11],
      ['{{ repeat .s "y" }}', 'wrong type for value; expected int; got string', 11],
      ['{{ repeat 2 3 }}', 'expected string; found 3', 13],
      ['{{ repeat 2 .n }}', 'wrong type for value; expected string; got int', 13],
      ['{{ repeat 1.5 "a" }}', 'expected integer; found 1.5', 11],
      ['{{ repeat 1e100 "a" }}', 'expected integer; found 1e100', 11],
      ['{{ repeat .f "a" }}', 'wrong type for value; expected int; got float64', 11],
      ['{{ repeat true "a" }}', 'expected integer; found true', 11],
      ['{{ upper .n }}', 'wrong type for value; expected string; got int', 10],
      ['{{ upper true }}', 'expected string; found true', 10],
      ['{{ upper .l }}', 'wrong type for value; expected string; got []interface {}', 10],
      ['{{ .n | upper }}', 'wrong type for value; expected string; got int', 9],
      [
        '{{ hasKey .l "a" }}',
        'wrong type for value; expected map[string]interface {}; got []interface {}',
        11,
      ],
      ['{{ hasKey "a" "b" }}', `can't handle "a" for arg of type map[string]interface {}`, 11],
      ['{{ hasKey .m true }}', 'expected string; found true', 14],
      ['{{ keys .m .l }}', 'wrong type for value; expected map[string]interface {}; got []interface {}', 12],
      ['{{ merge .m .l }}', 'wrong type for value; expected map[string]interface {}; got []interface {}', 13],
      ['{{ sha256sum 1 }}', 'expected string; found 1', 14],
      ['{{ b64enc .n }}', 'wrong type for value; expected string; got int', 11],
      ['{{ semverCompare 1 "1.0.0" }}', 'expected string; found 1', 18],
      ["{{ upper 'a' }}", "expected string; found 'a'", 10],
      ['{{ ternary "x" 1 2 }}', 'expected bool; found "x"', 12],
      ['{{ .s | ternary 1 2 }}', 'wrong type for value; expected bool; got string', 9],
    ];
    for (const [source, message, col] of cases) {
      assert.throws(
        () => run(source, data),
        (e: unknown) => e instanceof TemplateExecError && e.reason === message && e.col === col,
        source,
      );
    }
  });

  it('takes what Go takes: integral number literals for ints, any value for interface{} parameters', () => {
    assert.equal(run('{{ repeat 2.0 "a" }} {{ repeat 0x2 "b" }} {{ repeat 1e1 "c" | len }}'), 'aa bb 10');
    assert.equal(run('{{ "a" | repeat 2 }} {{ trunc .n .s }} {{ add "2" .f }}', data), 'aa str 3.5');
    assert.equal(
      run('{{ toString .l }} {{ quote .n true }} {{ join "," .l }}', data),
      '[1 a] "3" "true" 1,a',
    );
    assert.equal(run('{{ true | ternary 1 2 }} {{ ternary .b "y" "n" }}', data), '1 y');
  });

  it('lets nil into every parameter as its zero value (spec §6.5), as a missing field would be', () => {
    assert.equal(
      run('[{{ upper .nil }}{{ upper nil }}{{ .missing | upper }}{{ repeat .missing "x" }}]', data),
      '[]',
    );
    assert.equal(
      run('{{ hasKey .missing "a" }} {{ keys .missing }} {{ ternary .missing 1 2 }}', data),
      'false [] 2',
    );
  });

  it("treats integers as one type: a function's int result fits an int parameter", () => {
    assert.equal(run('{{ repeat (add 1 1) "a" }}'), 'aa');
  });
});

describe('checkTemplate argument types', () => {
  const names = Object.keys(funcs);
  const rules = { arities: CATALOG_ARITY, signatures: CATALOG_SIGNATURES };

  it('finds a literal argument of the wrong type before any run, with its position', () => {
    const found = checkTemplate('{{ repeat "x" "y" }}\n{{ 3 | upper }} {{ hasKey "a" "b" }}', names, rules);
    assert.deepEqual(
      found.map((d) => [d.code, d.message, d.position.line, d.position.col]),
      [
        ['argument-type', 'expected integer; found "x"', 1, 11],
        ['argument-type', 'wrong type for value; expected string; got int', 2, 8],
        ['argument-type', `can't handle "a" for arg of type map[string]interface {}`, 2, 27],
      ],
    );
  });

  it('leaves values from data to the run, and checks nothing without signatures', () => {
    assert.deepEqual(
      checkTemplate('{{ repeat .n .s }} {{ .x | upper }} {{ upper (add 1 2) }}', names, rules),
      [],
    );
    assert.deepEqual(checkTemplate('{{ repeat "x" "y" }}', names, { arities: CATALOG_ARITY }), []);
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

describe('fromJson', () => {
  it("reports text that is not JSON in the words of Go's encoding/json, not JavaScript's", () => {
    const cases: [string, string][] = [
      ['{', 'unexpected end of JSON input'],
      ['', 'unexpected end of JSON input'],
      ['x', "invalid character 'x' looking for beginning of value"],
      ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
      ['[1 2]', "invalid character '2' after array element"],
      ['1 2', "invalid character '2' after top-level value"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
      ['"\\q"', "invalid character 'q' in string escape code"],
      ['"a\nb"', "invalid character '\\n' in string literal"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => executeTemplate(parseTemplate('{{ fromJson .t }}', { funcs }), { t: text }),
        (e: unknown) => e instanceof TemplateExecError && e.reason === `error calling fromJson: ${message}`,
        text,
      );
    }
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
