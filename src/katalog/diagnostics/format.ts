/** Renders diagnostics like a compiler: `file:line:col: error: message at path`, the line, a caret. */
import type { Diagnostic } from './diagnostic.ts';

/** Looks up the text of a source file by the name diagnostics use; undefined when unknown. */
export type SourceLookup = (file: string) => string | undefined;

/** The first line of a diagnostic: `katalog.yaml:14:9: error: unknown field "x" at spec.crds.a`. */
export function formatDiagnosticHeadline(d: Diagnostic): string {
  const where = d.path === '' ? '' : ` at ${d.path}`;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${where}`;
}

function excerpt(d: Diagnostic, text: string): string[] {
  const line = text.split(/\r?\n/)[d.line - 1];
  if (line === undefined) return [];
  const gutter = String(d.line).length;
  const width =
    d.endLine === d.line ? Math.max(1, d.endColumn - d.column) : Math.max(1, line.length - d.column + 1);
  const marker = `^${'~'.repeat(Math.min(width, Math.max(1, line.length - d.column + 1)) - 1)}`;
  const pad = ' '.repeat(gutter);
  return [` ${String(d.line)} | ${line}`, ` ${pad} | ${' '.repeat(Math.max(0, d.column - 1))}${marker}`];
}

/** Renders one diagnostic: headline, source line with a caret under the spot, and the hint if any. */
export function formatDiagnostic(d: Diagnostic, sources?: SourceLookup): string {
  const lines = [formatDiagnosticHeadline(d)];
  const text = sources?.(d.file);
  if (text !== undefined) lines.push(...excerpt(d, text));
  if (d.hint !== undefined) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** Renders diagnostics for a terminal, errors and warnings counted in a last line. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources?: SourceLookup): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const blocks = diagnostics.map((d) => formatDiagnostic(d, sources));
  const plural = (n: number, word: string): string => `${String(n)} ${word}${n === 1 ? '' : 's'}`;
  if (diagnostics.length > 0) blocks.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
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
