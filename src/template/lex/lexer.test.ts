import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { isAlnum } from './lexer.ts';

it('reads identifier characters as Go does: ASCII by hand, the rest by Unicode class', () => {
  const go = /[\p{L}\p{Nd}_]/u;
  for (let code = 0; code < 0x80; code++) {
    const c = String.fromCharCode(code);
    assert.equal(isAlnum(c), go.test(c), `U+${code.toString(16)}`);
  }
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), (c) => {
      assert.equal(isAlnum(c), go.test(c));
    }),
  );
  assert.equal(isAlnum(undefined), false);
  assert.equal(isAlnum('é'), true);
  assert.equal(isAlnum('٣'), true, 'an Arabic-Indic digit');
});
