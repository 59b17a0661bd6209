import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoercionError, GoFloat, coerceResult, evaluateTemplate, parseTemplate } from './index.ts';

describe('coerceResult', () => {
  it('turns a whole-value template into an integer field', () => {
    const v = evaluateTemplate(parseTemplate('{{ .spec.replicas }}'), { spec: { replicas: 3 } });
    assert.equal(coerceResult(v, 'int'), 3);
    assert.equal(coerceResult('42', 'int'), 42);
    assert.equal(coerceResult(new GoFloat(2), 'int'), 2);
  });

  it('rejects text that is not an integer, naming the value', () => {
    assert.throws(
      () => coerceResult('three', 'int'),
      (e: unknown) => e instanceof CoercionError && /"three"/.test(e.message),
    );
    assert.throws(() => coerceResult(2.5, 'int'), CoercionError);
  });

  it('keeps ports as int-or-string', () => {
    assert.equal(coerceResult('8080', 'intOrString'), 8080);
    assert.equal(coerceResult('http', 'intOrString'), 'http');
  });

  it('parses booleans from true/false only', () => {
    assert.equal(coerceResult('true', 'bool'), true);
    assert.equal(coerceResult(false, 'bool'), false);
    assert.throws(() => coerceResult('yes', 'bool'), CoercionError);
  });

  it('reads numbers as floats', () => {
    assert.equal(coerceResult('2.5', 'float'), 2.5);
    assert.throws(() => coerceResult('x', 'float'), CoercionError);
  });

  it('prints anything as a string field, nil as empty', () => {
    assert.equal(coerceResult({ a: 1 }, 'string'), 'map[a:1]');
    assert.equal(coerceResult(undefined, 'string'), '');
  });

  it('recognises booleans and numbers in auto mode and keeps other text', () => {
    assert.deepEqual(
      ['true', '12', '1.5', 'web', '00042x'].map((s) => coerceResult(s, 'auto')),
      [true, 12, 1.5, 'web', '00042x'],
    );
  });
});
