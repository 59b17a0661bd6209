import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elide } from './elide.ts';

describe('elide', () => {
  it('keeps short text and cuts long text, saying how long it was', () => {
    assert.equal(elide('web'), 'web');
    assert.equal(elide('a'.repeat(80)), 'a'.repeat(80));
    assert.equal(elide('a'.repeat(100_000)), `${'a'.repeat(60)}… (100000 characters)`);
    assert.equal(elide('abcdef', 4, 2), 'ab… (6 characters)');
  });
});
