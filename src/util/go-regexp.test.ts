// The syntax and match tables below are what Go 1.26's regexp.Compile and MatchString answer for the same
// patterns and inputs (recorded from Go; only the pattern list is ours).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RegexSyntaxError, compileGoRegexp, loadRegexEngine } from './go-regexp.ts';

before(loadRegexEngine);

/** Patterns Go rejects, with the reason Go gives. */
const REJECTED: readonly [string, string][] = [
  ['(?=a)', 'invalid or unsupported Perl syntax: `(?=`'],
  ['(?!a)', 'invalid or unsupported Perl syntax: `(?!`'],
  ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
  ['(?<!a)b', 'invalid named capture: `(?<!a)b`'],
  ['(a)\\1', 'invalid escape sequence: `\\1`'],
  ['\\k<n>', 'invalid escape sequence: `\\k`'],
  ['a*+', 'invalid nested repetition operator: `*+`'],
  ['a++', 'invalid nested repetition operator: `++`'],
  ['a{2}+', 'invalid nested repetition operator: `{2}+`'],
  ['x**', 'invalid nested repetition operator: `**`'],
  ['(?>a)', 'invalid or unsupported Perl syntax: `(?>`'],
  ['(?#c)', 'invalid or unsupported Perl syntax: `(?#`'],
  ['(?x) a', 'invalid or unsupported Perl syntax: `(?x`'],
  ['a{1001}', 'invalid repeat count: `{1001}`'],
  ['a{3,2}', 'invalid repeat count: `{3,2}`'],
  ['\\Z', 'invalid escape sequence: `\\Z`'],
  ['\\G', 'invalid escape sequence: `\\G`'],
  ['\\uFFFF', 'invalid escape sequence: `\\u`'],
  ['\\C', 'invalid escape sequence: `\\C`'],
  ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
  ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['[a-', 'missing closing ]: `[a-`'],
  ['(', 'missing closing ): `(`'],
  [')', 'unexpected ): `)`'],
  ['**', 'missing argument to repetition operator: `*`'],
];

/** Patterns Go accepts that JavaScript's RegExp rejects or reads differently. */
const ACCEPTED = [
  '(?i)abc',
  '(?s)a.b',
  '(?U)a+',
  '(?P<n>a)',
  '(?<n>a)',
  '[[:alpha:]]',
  '\\pL',
  '\\p{Greek}',
  '\\Q*\\E',
  '\\z',
  '\\A',
  '\\x{10FFFF}',
  '\\_',
  'a{,3}',
  '[]a]',
  '^(a+)+$',
];

/** [pattern, input, Go's MatchString]. */
const MATCHES: readonly [string, string, boolean][] = [
  ['b+', 'abba', true],
  ['^b+$', 'abba', false],
  ['(?i)ABC', 'xabcx', true],
  ['a.b', 'a\nb', false],
  ['(?s)a.b', 'a\nb', true],
  ['(?m)^b$', 'a\nb', true],
  ['^b$', 'a\nb', false],
  ['^.$', '😀', true],
  ['^..$', 'é', false],
  ['[[:alpha:]]+$', 'x_y-z.1', false],
  ['\\w+', 'héllo', true],
  ['\\Q*\\E', 'a*b', true],
  ['a{,3}', 'a{,3}', true],
  ['\\z', '', true],
];

describe('compileGoRegexp', () => {
  for (const [pattern, reason] of REJECTED) {
    it(`rejects ${pattern} as Go does: ${reason}`, () => {
      assert.throws(
        () => compileGoRegexp(pattern),
        (e: unknown) => e instanceof RegexSyntaxError && e.reason.startsWith(reason),
      );
    });
  }

  it('rejects a repetition too large to run, as Go does (Go says "invalid repeat count")', () => {
    assert.throws(() => compileGoRegexp('(a{1,1000}){1,1000}$'), RegexSyntaxError);
  });

  it('accepts what Go accepts, JavaScript-only failures included', () => {
    for (const pattern of ACCEPTED) assert.doesNotThrow(() => compileGoRegexp(pattern), pattern);
  });

  it('matches anywhere in the text, as Go’s MatchString', () => {
    for (const [pattern, input, expected] of MATCHES) {
      assert.equal(compileGoRegexp(pattern).test(input), expected, `${pattern} on ${JSON.stringify(input)}`);
    }
  });

  it('says RE2 has no lookaround or backreferences when a pattern uses them', () => {
    for (const pattern of ['(?=a)', '(?<!a)b', '(a)\\1']) {
      assert.throws(() => compileGoRegexp(pattern), /RE2: no lookahead, lookbehind or backreferences/);
    }
    assert.throws(
      () => compileGoRegexp('a**'),
      (e: RegexSyntaxError) => !e.message.includes('RE2:'),
    );
  });

  // Each family backtracks exponentially (or quadratically) in a backtracking engine: with JavaScript's
  // RegExp the first one never returns on 35 characters. The timeout turns a hang into a failure.
  const FAMILIES: readonly [string, string, boolean][] = [
    ['^(a+)+$', 'a', false],
    ['(a|a)*b', 'a', false],
    ['(a|aa)+$', 'a', true],
    ['^(\\w+\\s?)*$', 'w', false],
    ['(x+x+)+y', 'x', false],
    ['^([a-z0-9]+-?)*[a-z0-9]$', 'a', false],
    ['(.*a){20}', 'a', true],
  ];
  for (const [pattern, unit, expected] of FAMILIES) {
    it(`matches ${pattern} against 35 characters and 100 KB in linear time`, { timeout: 10_000 }, () => {
      const re = compileGoRegexp(pattern);
      for (const length of [35, 100_000]) {
        const text = unit.repeat(length) + (expected ? '' : '!');
        assert.equal(re.test(text), expected, `${pattern} on ${length} × ${unit}`);
      }
    });
  }
});
