/**
 * Renders diagnostics like a compiler: `file:line:col: error: message at path`, the line, a caret.
 * Bounded whatever the input: a file's lines are indexed once (not re-split per diagnostic), a long
 * line is cut to a window around the column, and at most {@link MAX_PRINTED_DIAGNOSTICS} are printed,
 * followed by a count of the rest.
 */
import type { Diagnostic } from './diagnostic.ts';

/** Looks up the text of a source file by the name diagnostics use; undefined when unknown. */
export type SourceLookup = (file: string) => string | undefined;

/** How many diagnostics a report prints; the rest are counted (`--format json` lists every one). */
export const MAX_PRINTED_DIAGNOSTICS = 50;

/** The widest piece of a source line an excerpt shows (a minified line is cut around the column). */
export const EXCERPT_WIDTH = 100;

/** The first line of a diagnostic: `katalog.yaml:14:9: error: unknown field "x" at spec.crds.a`. */
export function formatDiagnosticHeadline(d: Diagnostic): string {
  const where = d.path === '' ? '' : ` at ${d.path}`;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${where}`;
}

/** A text's lines, found by their start offsets (computed once, in one pass). */
export class SourceLines {
  readonly #text: string;
  readonly #starts: number[] = [0];

  constructor(text: string) {
    this.#text = text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  /** Line `n` (1-based) without its line break; undefined past the end. */
  line(n: number): string | undefined {
    const start = this.#starts[n - 1];
    if (start === undefined) return undefined;
    const next = this.#starts[n];
    const end = next === undefined ? this.#text.length : next - 1;
    return this.#text.slice(start, this.#text[end - 1] === '\r' ? end - 1 : end);
  }
}

/** The part of `line` shown, and where column 1 of the line lands in it. */
function window(line: string, column: number): { shown: string; shift: number } {
  if (line.length <= EXCERPT_WIDTH) return { shown: line, shift: 0 };
  const room = EXCERPT_WIDTH - 2; // the two ellipses
  const from = Math.max(0, Math.min(column - 1 - Math.floor(room / 3), line.length - room));
  const to = Math.min(line.length, from + room);
  const head = from > 0 ? '…' : '';
  const tail = to < line.length ? '…' : '';
  return { shown: `${head}${line.slice(from, to)}${tail}`, shift: from - head.length };
}

function excerpt(d: Diagnostic, lines: SourceLines): string[] {
  const line = lines.line(d.line);
  if (line === undefined) return [];
  const { shown, shift } = window(line, d.column);
  const gutter = String(d.line).length;
  const at = Math.max(0, d.column - 1 - shift);
  const end = d.endLine === d.line ? d.endColumn - 1 - shift : shown.length;
  const width = Math.max(1, Math.min(end - at, shown.length - at));
  const marker = `^${'~'.repeat(width - 1)}`;
  const pad = ' '.repeat(gutter);
  return [` ${String(d.line)} | ${shown}`, ` ${pad} | ${' '.repeat(at)}${marker}`];
}

/** Renders one diagnostic: headline, source line with a caret under the spot, and the hint if any. */
export function formatDiagnostic(
  d: Diagnostic,
  sources?: SourceLookup | ((file: string) => SourceLines | undefined),
): string {
  const lines = [formatDiagnosticHeadline(d)];
  const found = sources?.(d.file);
  const text = typeof found === 'string' ? new SourceLines(found) : found;
  if (text !== undefined) lines.push(...excerpt(d, text));
  if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** Each file's lines, indexed on first use. */
function linesOf(sources: SourceLookup | undefined): (file: string) => SourceLines | undefined {
  const cache = new Map<string, SourceLines | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      const text = sources?.(file);
      cache.set(file, text === undefined ? undefined : new SourceLines(text));
    }
    return cache.get(file);
  };
}

/** The diagnostics a report prints: all of them, or when too many, errors before warnings, cut. */
function printed(diagnostics: readonly Diagnostic[], limit: number): readonly Diagnostic[] {
  if (diagnostics.length <= limit) return diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return [...errors, ...diagnostics.filter((d) => d.severity !== 'error')].slice(0, limit);
}

const count = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Options of {@link formatDiagnostics}. */
export interface FormatOptions {
  /** How many diagnostics to print. @default MAX_PRINTED_DIAGNOSTICS */
  readonly limit?: number;
}

/**
 * Renders diagnostics for a terminal, one block each (at most `limit`, then a count of the rest),
 * errors and warnings counted in a last line.
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources?: SourceLookup,
  options: FormatOptions = {},
): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const shown = printed(diagnostics, options.limit ?? MAX_PRINTED_DIAGNOSTICS);
  const lines = linesOf(sources);
  const blocks = shown.map((d) => formatDiagnostic(d, lines));
  const rest = diagnostics.length - shown.length;
  if (rest > 0)
    blocks.push(`… ${count(rest, 'more diagnostic')} not shown (the first ${String(shown.length)} are)`);
  if (diagnostics.length > 0) blocks.push(`${count(errors, 'error')}, ${count(warnings, 'warning')}`);
  return blocks.join('\n\n');
}

/** The JSON shape of a diagnostic for editors and CI (stable keys). */
export function toJsonDiagnostic(d: Diagnostic): Record<string, unknown> {
  return {
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    severity: d.severity,
    code: d.code,
    message: d.message,
    path: d.path,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
  };
}
