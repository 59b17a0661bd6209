import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContextFunc,
  GoFloat,
  TemplateExecError,
  TemplateLimitError,
  TemplateSyntaxError,
  evaluateTemplate,
  executeTemplate,
  parseTemplate,
} from './index.ts';
import type { FuncMap } from './index.ts';

function render(source: string, data: unknown = {}, funcs: FuncMap = {}): string {
  return executeTemplate(parseTemplate(source, { funcs }), data);
}

describe('parseTemplate', () => {
  it('reports the line and column of a syntax error inside the template', () => {
    assert.throws(
      () => parseTemplate('line one\n  {{ nope }}', { name: 'spec.name' }),
      (e: unknown) =>
        e instanceof TemplateSyntaxError && e.line === 2 && e.col === 6 && e.templateName === 'spec.name',
    );
  });

  it('adds the caller offset so errors point inside the enclosing file', () => {
    assert.throws(
      () => parseTemplate('ab {{ .x', { offset: 100 }),
      (e: unknown) => e instanceof TemplateSyntaxError && e.position.offset >= 103,
    );
  });

  it('rejects an unknown function with Go’s message', () => {
    assert.throws(() => parseTemplate('{{ frobnicate 1 }}'), /function "frobnicate" not defined/);
  });

  it('accepts functions from the function map', () => {
    assert.equal(render('{{ shout "hi" }}', {}, { shout: (s) => String(s).toUpperCase() }), 'HI');
  });
});

describe('executeTemplate', () => {
  it('prints a missing key, a null and a path through them as the empty string', () => {
    assert.equal(render('[{{ .a }}|{{ .b }}|{{ .a.b.c }}|{{ print .a }}]', { b: null }), '[|||]');
  });

  it('keeps float literals as floats and prints them the Go way', () => {
    assert.equal(render('{{ 3.0 }} {{ 1e6 }} {{ 0.00001 }} {{ 1000000 }}'), '3 1e+06 1e-05 1000000');
  });

  it('reports the position of a failing call', () => {
    assert.throws(
      () => render('x\n{{ index .l 5 }}', { l: [1] }),
      (e: unknown) => e instanceof TemplateExecError && e.line === 2 && /index out of range/.test(e.message),
    );
  });

  it('wraps a function error with the function name', () => {
    const funcs = {
      boom: () => {
        throw new Error('bad input');
      },
    };
    assert.throws(() => render('{{ boom }}', {}, funcs), /error calling boom: bad input/);
  });

  it('tells context functions which arguments were literals and whether the value was piped', () => {
    const seen: unknown[] = [];
    const funcs = {
      spy: new ContextFunc((ctx, args) => {
        seen.push({ literal: ctx.literal, piped: ctx.piped, args });
        return 'ok';
      }),
    };
    render('{{ spy .x "d" }}{{ .x | spy 1 }}', { x: 'v' }, funcs);
    assert.deepEqual(seen, [
      { literal: [false, true], piped: false, args: ['v', 'd'] },
      { literal: [true, false], piped: true, args: [1, 'v'] },
    ]);
  });
});

describe('safety', () => {
  it('never reads prototype members through field access', () => {
    const out = render('[{{ .constructor }}|{{ .__proto__ }}|{{ .toString }}|{{ .a.constructor.name }}]', {
      a: {},
    });
    assert.equal(out, '[|||]');
  });

  it('never resolves a function name from Object.prototype', () => {
    assert.throws(() => parseTemplate('{{ constructor }}'), TemplateSyntaxError);
    assert.throws(() => parseTemplate('{{ hasOwnProperty "x" }}', { funcs: {} }), TemplateSyntaxError);
  });

  it('does not read fields of class instances or arrays', () => {
    assert.throws(() => render('{{ .d.getTime }}', { d: new Date(0) }), TemplateExecError);
    assert.throws(() => render('{{ .l.length }}', { l: [1] }), TemplateExecError);
  });

  it('stops an endless loop with a limit error', () => {
    const t = parseTemplate('{{ range 1000000000 }}x{{ end }}');
    assert.throws(() => executeTemplate(t, {}, { maxSteps: 10_000 }), TemplateLimitError);
  });

  it('stops unbounded recursion with a limit error', () => {
    const t = parseTemplate('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}');
    assert.throws(() => executeTemplate(t, {}), TemplateLimitError);
  });

  it('stops output beyond the size bound', () => {
    const t = parseTemplate('{{ range 100000 }}xxxxxxxxxx{{ end }}');
    assert.throws(() => executeTemplate(t, {}, { maxOutputBytes: 1000 }), TemplateLimitError);
  });
});

describe('evaluateTemplate', () => {
  it('keeps the type of a template that is one action', () => {
    assert.equal(evaluateTemplate(parseTemplate('{{ .spec.replicas }}'), { spec: { replicas: 3 } }), 3);
    assert.equal(evaluateTemplate(parseTemplate('{{ eq 1 1 }}'), {}), true);
    assert.deepEqual(evaluateTemplate(parseTemplate('{{ .m }}'), { m: { a: 1 } }), { a: 1 });
    assert.ok(evaluateTemplate(parseTemplate('{{ 2.0 }}'), {}) instanceof GoFloat);
  });

  it('returns text for anything else', () => {
    assert.equal(evaluateTemplate(parseTemplate('n={{ .n }}'), { n: 3 }), 'n=3');
  });

  it('returns undefined for a missing value', () => {
    assert.equal(evaluateTemplate(parseTemplate('{{ .nope }}'), {}), undefined);
  });
});
