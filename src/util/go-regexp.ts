/**
 * Regular expressions as Go's `regexp` reads and runs them: RE2 syntax (no lookaround, no
 * backreferences, no possessive or atomic groups) and matching in time linear in the input, so a
 * pattern such as `^(a+)+$` cannot backtrack whatever text a CR brings. Every place that takes a
 * regular expression from a Katalog — conditions (`when`/`or`) and validation rules — compiles it
 * here, so a pattern accepted when the Katalog loads is the same pattern, with the same meaning,
 * when a reconcile evaluates it.
 *
 * The engine (the `re2js` package, a port of RE2/J) costs ~6 MB of resident memory and ~30 ms to
 * load, so it is loaded on demand: whoever may compile a pattern awaits {@link loadRegexEngine}
 * first — Katalog loading always, an operator box only when its Plan holds a regex.
 */
type Engine = typeof import('re2js');
type Compiled = ReturnType<Engine['RE2JS']['compile']>;

let engine: Engine | undefined;

/** Loads the engine once; later calls resolve at once. */
export async function loadRegexEngine(): Promise<void> {
  engine ??= await import('re2js');
}

/** A pattern Go's `regexp.Compile` would reject; `reason` is Go's own wording (`invalid escape sequence: \`\1\``). */
export class RegexSyntaxError extends Error {
  /** Why the pattern is refused, without the pattern itself. */
  readonly reason: string;
  constructor(source: string, reason: string) {
    super(`invalid regular expression ${JSON.stringify(source)}: ${reason}`);
    this.name = 'RegexSyntaxError';
    this.reason = reason;
  }
}

/** A compiled pattern. */
export interface GoRegexp {
  /** The pattern as written. */
  readonly source: string;
  /** True when the pattern matches anywhere in `text` (Go's `MatchString`). */
  test(text: string): boolean;
}

const CACHE = new Map<string, GoRegexp>();
// Patterns come from Katalogs (few) and from rendered templates (a CR may vary them): bounded.
const CACHE_LIMIT = 256;

// Lookaround and backreferences are the usual surprise for people used to JavaScript or PCRE.
const HINT = ' (Go regular expressions are RE2: no lookahead, lookbehind or backreferences)';

function loaded(): Engine {
  if (engine === undefined) throw new Error('the regular expression engine was not loaded before use');
  return engine;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/^error parsing regexp: /, '');
  return /Perl syntax: `\(\?[=!<]|named capture: `\(\?<[=!]|escape sequence: `\\[1-9k]/.test(reason)
    ? reason + HINT
    : reason;
}

function build(source: string): GoRegexp {
  const { RE2JS, RE2JSException } = loaded();
  let compiled: Compiled;
  try {
    // No flags: Go's defaults (Perl syntax, UTF-8 aware); `(?i)`, `(?s)`, `(?m)`, `(?U)` work inline.
    compiled = RE2JS.compile(source);
  } catch (error) {
    if (error instanceof RE2JSException) throw new RegexSyntaxError(source, reasonOf(error));
    throw error;
  }
  return { source, test: (text) => compiled.test(text) };
}

/**
 * Compiles a pattern with Go's syntax; compiled patterns are cached.
 * @throws RegexSyntaxError when Go would reject the pattern.
 * @throws Error when {@link loadRegexEngine} was not awaited before.
 */
export function compileGoRegexp(source: string): GoRegexp {
  const cached = CACHE.get(source);
  if (cached !== undefined) return cached;
  const compiled = build(source);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(source, compiled);
  return compiled;
}
