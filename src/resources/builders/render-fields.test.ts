import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFunctionCatalog } from '../../template/index.ts';
import { RenderValueError } from '../errors.ts';
import { createTemplateRenderer } from '../template-renderer.ts';
import { fakeRender } from '../testing/fake-render.ts';
import {
  renderBool,
  renderDeep,
  renderInt,
  renderIntOrString,
  renderRequiredText,
  renderText,
  renderTextMap,
} from './render-fields.ts';

const render = createTemplateRenderer({ funcs: createFunctionCatalog({ clock: () => new Date(0) }) });

const scope = {
  data: { spec: { n: 3, s: '42', name: 'web', on: true, off: 'false', half: 1.5, obj: { a: 1 } } },
  render: fakeRender,
};

describe('render-fields', () => {
  it('keeps the type of a whole-value template', () => {
    assert.equal(renderInt('{{ .spec.n }}', 'replicas', scope), 3);
    assert.equal(renderInt('{{ .spec.s }}', 'replicas', scope), 42);
    assert.equal(renderInt(7, 'replicas', scope), 7);
  });

  it('names the field, the template and the value when an integer does not fit', () => {
    assert.throws(
      () => renderInt('{{ .spec.half }}', 'replicas', scope),
      (error: unknown) =>
        error instanceof RenderValueError &&
        error.message === 'replicas: expected a whole number, got 1.5 (from template "{{ .spec.half }}")',
    );
  });

  it('turns numeric text into a port number and keeps port names', () => {
    assert.equal(renderIntOrString('{{ .spec.s }}', 'targetPort', scope), 42);
    assert.equal(renderIntOrString('http', 'targetPort', scope), 'http');
    assert.throws(() => renderIntOrString('{{ .spec.none }}', 'targetPort', scope), RenderValueError);
  });

  it('parses booleans from booleans and their text only', () => {
    assert.equal(renderBool('{{ .spec.on }}', 'suspend', scope), true);
    assert.equal(renderBool('{{ .spec.off }}', 'suspend', scope), false);
    assert.throws(() => renderBool('yes', 'suspend', scope), /suspend: expected true or false/);
  });

  it('prints scalars as text and refuses a literal map in a string field', () => {
    assert.equal(renderText('{{ .spec.n }}', 'image', scope), '3');
    assert.equal(renderText(undefined, 'image', scope), '');
    assert.equal(renderText(2.5, 'image', scope), '2.5');
    assert.throws(() => renderText({ a: 1 }, 'image', scope), /image: expected a string/);
    assert.throws(() => renderRequiredText('{{ .spec.none }}', 'image', scope), /non-empty/);
  });

  it('prints a typed result as Go prints it when the renderer returns no text', () => {
    assert.equal(renderText('{{ .spec.obj }}', 'image', scope), 'map[a:1]');
    assert.equal(renderText('{{ .spec.half }}', 'image', scope), '1.5');
  });

  it('gives a string field the text the engine prints for a whole-value template', () => {
    const engine = { data: { spec: { tags: ['a', 'b'], m: { b: 2, a: [1e-7] }, none: null } }, render };
    assert.equal(renderText('{{ .spec.tags }}', 'data.tags', engine), '[a b]');
    assert.equal(renderText('{{ .spec.m }}', 'data.m', engine), 'map[a:[1e-07] b:2]');
    assert.equal(renderText('{{ toFloat "1000000" }}', 'data.f', engine), '1e+06');
    assert.equal(renderText('{{ 123456789.0 }}', 'data.f', engine), '1.23456789e+08');
    assert.equal(renderText('{{ .spec.none }}', 'data.none', engine), '');
    assert.deepEqual(renderTextMap({ k: '{{ .spec.tags }}' }, 'data', engine), { k: '[a b]' });
    assert.equal(renderInt('{{ 3.0 }}', 'replicas', engine), 3);
  });

  it('renders every string inside lists and maps', () => {
    assert.deepEqual(renderDeep({ a: ['{{ .spec.n }}', 'x-{{ .spec.name }}'], b: { c: true } }, scope), {
      a: [3, 'x-web'],
      b: { c: true },
    });
    assert.deepEqual(renderTextMap({ k: '{{ .spec.n }}' }, 'labels', scope), { k: '3' });
  });
});
