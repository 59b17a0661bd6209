/**
 * Deep templates: the parser bounds nesting as Go bounds its parentheses ("max expression depth
 * exceeded"), the executor bounds the nesting it reaches through template calls and notes, and neither
 * lets JavaScript's stack overflow reach a caller — even one that has already used much of the stack.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  TemplateLimitError,
  TemplateSyntaxError,
  checkTemplate,
  createFunctionCatalog,
  createNoteFunctions,
  executeTemplate,
  parseTemplate,
} from './index.ts';
import type { FuncMap } from './index.ts';

const funcs = createFunctionCatalog({ clock: () => new Date(0) });

const parens = (n: number) => `{{ ${'('.repeat(n)}1${')'.repeat(n)} }}`;
const ifs = (n: number) => `${'{{ if true }}'.repeat(n)}x${'{{ end }}'.repeat(n)}`;
const ranges = (n: number) => `${'{{ range list 1 }}'.repeat(n)}x${'{{ end }}'.repeat(n)}`;

/** Runs `fn` under `frames` frames of recursion: as a caller deep in its own work would. */
function underFrames<T>(frames: number, fn: () => T): T {
  return frames === 0 ? fn() : underFrames(frames - 1, fn);
}

function runUnlimited(source: string, all: FuncMap = funcs): unknown {
  const t = parseTemplate(source, { funcs: all });
  return executeTemplate(t, {}, { maxDepth: 1_000_000, maxSteps: 1e9 });
}

describe('parser nesting', () => {
  it('parses and runs 500 levels of parentheses and of control structures', () => {
    assert.equal(runUnlimited(parens(500)), '1');
    assert.equal(runUnlimited(ifs(500)), 'x');
    assert.equal(runUnlimited(`{{ if false }}${'{{ else if false }}'.repeat(499)}{{ else }}e{{ end }}`), 'e');
  });

  it("refuses deeper parentheses with Go's message, at the parenthesis", () => {
    assert.throws(
      () => parseTemplate(parens(501)),
      (e: unknown) =>
        e instanceof TemplateSyntaxError && e.reason === 'max expression depth exceeded' && e.col === 504,
    );
  });

  it('refuses 20,000 nested ifs or parentheses with a located error, never a stack overflow', () => {
    for (const source of [ifs(20_000), parens(20_000), ranges(20_000)]) {
      assert.throws(() => parseTemplate(source), TemplateSyntaxError);
      const [d, ...rest] = checkTemplate(source, [], { offset: 100 });
      assert.equal(rest.length, 0);
      assert.equal(d?.code, 'syntax');
      assert.match(d.message, /^max (expression|nesting) depth exceeded/);
      assert.equal(d.position.offset, 100 + d.position.col - 1);
    }
    assert.equal(checkTemplate(ifs(501), [])[0]?.position.col, 500 * 13 + 4);
  });

  it('counts each else-if arm as one level deeper', () => {
    const chain = `{{ if false }}${'{{ else if false }}'.repeat(500)}{{ end }}`;
    assert.match(checkTemplate(chain, [])[0]?.message ?? '', /max nesting depth exceeded/);
  });
});

describe('executor nesting', () => {
  const recursions: readonly (readonly [string, string])[] = [
    ['through {{template}}', '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}'],
    [
      'through range, if and with',
      '{{ define "r" }}{{ range list 1 }}{{ if true }}{{ with 1 }}{{ template "r" $ }}{{ end }}{{ end }}{{ end }}{{ end }}{{ template "r" . }}',
    ],
    ['through parenthesized note calls', '{{ n }}'],
    ['through a note', '{{ m }}'],
  ];
  const notes = createNoteFunctions(
    { n: { expression: '{{ print (print (print (n))) }}' }, m: { expression: '{{ (m) }}' } },
    funcs,
  );
  const all = { ...funcs, ...notes };

  for (const [name, source] of recursions) {
    it(`stops a recursion ${name} at its nesting bound, with stack to spare`, () => {
      assert.throws(
        () => underFrames(1500, () => runUnlimited(source, all)),
        (e: unknown) =>
          e instanceof TemplateLimitError && /template nesting deeper than 1000 levels/.test(e.reason),
      );
    });
  }

  it('runs every deepest tree the parser accepts, with stack to spare', () => {
    const deepest: readonly (readonly [string, string])[] = [
      [ifs(500), 'x'],
      [ranges(500), 'x'],
      [`${'{{ with 1 }}'.repeat(500)}x${'{{ end }}'.repeat(500)}`, 'x'],
      [parens(500), '1'],
      [`{{ ${'print ('.repeat(500)}1${')'.repeat(500)} }}`, '1'],
      [`{{ ${'default "a" ('.repeat(500)}1${')'.repeat(500)} }}`, '1'],
    ];
    for (const [source, out] of deepest)
      assert.equal(
        underFrames(1500, () => runUnlimited(source)),
        out,
      );
  });

  it("reports a stack overflow inside a function as a located limit error, never JavaScript's words", () => {
    const endless = (): number => endless() + 1;
    const overflowing: FuncMap = {
      ...funcs,
      deep: () => endless(),
      // What V8 throws when the stack runs out while it compiles a regular expression.
      deepRegex: () => {
        throw new SyntaxError('Invalid regular expression: /a/: Stack overflow');
      },
    };
    for (const name of ['deep', 'deepRegex']) {
      const t = parseTemplate(`ok\n  {{ ${name} }}`, { funcs: overflowing });
      assert.throws(
        () => executeTemplate(t, {}),
        (e: unknown) =>
          e instanceof TemplateLimitError &&
          e.reason === `${name}: value or template nesting too deep` &&
          e.line === 2 &&
          e.col === 6,
      );
    }
  });

  it('leaves the nesting count where it was after a break or continue unwinds levels', () => {
    const source = `{{ range 10 }}{{ if true }}{{ with 1 }}{{ continue }}{{ end }}{{ end }}{{ end }}${ranges(499)}`;
    assert.equal(runUnlimited(source), 'x');
  });
});
