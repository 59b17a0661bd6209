import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RenderValueError } from '../errors.ts';
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

  it('prints scalars as text and refuses maps in string fields', () => {
    assert.equal(renderText('{{ .spec.n }}', 'image', scope), '3');
    assert.equal(renderText(undefined, 'image', scope), '');
    assert.throws(() => renderText('{{ .spec.obj }}', 'image', scope), /image: expected a string/);
    assert.throws(() => renderRequiredText('{{ .spec.none }}', 'image', scope), /non-empty/);
  });

  it('renders every string inside lists and maps', () => {
    assert.deepEqual(renderDeep({ a: ['{{ .spec.n }}', 'x-{{ .spec.name }}'], b: { c: true } }, scope), {
      a: [3, 'x-web'],
      b: { c: true },
    });
    assert.deepEqual(renderTextMap({ k: '{{ .spec.n }}' }, 'labels', scope), { k: '3' });
  });
});
