import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { isAlnum, lex } from './lexer.ts';

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

/** The items of one action, without its delimiters, spaces and the final eof. */
function actionItems(source: string): [string, string][] {
  const skipped = new Set(['leftDelim', 'rightDelim', 'space', 'eof']);
  return lex(source)
    .filter((item) => !skipped.has(item.type))
    .map((item) => [item.type, item.val]);
}

it('reads quoted strings and character constants with their escapes, up to the matching quote', () => {
  assert.deepEqual(actionItems('{{ "a\\"b" }}'), [['string', '"a\\"b"']]);
  assert.deepEqual(actionItems(`{{ "it's" }}`), [['string', `"it's"`]]);
  assert.deepEqual(actionItems(`{{ '\\'' }}`), [['charConstant', `'\\''`]]);
  assert.deepEqual(actionItems(`{{ '"' }}`), [['charConstant', `'"'`]]);
});

it('refuses a string or character constant that is not closed on its line', () => {
  const failure = (source: string): string | undefined => lex(source).find((i) => i.type === 'error')?.val;
  assert.equal(failure('{{ "open }}'), 'unterminated quoted string');
  assert.equal(failure('{{ "a\nb" }}'), 'unterminated quoted string');
  assert.equal(failure('{{ "ends in escape\\'), 'unterminated quoted string');
  assert.equal(failure(`{{ 'x }}`), 'unterminated character constant');
  assert.equal(failure(`{{ '\n' }}`), 'unterminated character constant');
});
