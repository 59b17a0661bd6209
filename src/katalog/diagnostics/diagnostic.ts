/** Diagnostics: what the loader and the checks report, with file, line, column and YAML path. */
import type { SourceLocation } from '../../plan/index.ts';

/** How serious a diagnostic is: errors stop loading, warnings do not. */
export type Severity = 'error' | 'warning';

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

export type { SourceLocation };

/** One finding about a Katalog. */
export interface Diagnostic extends SourceLocation {
  /** error or warning. */
  readonly severity: Severity;
  /** A stable kebab-case identifier for tools, e.g. `unknown-field`, `dependency-cycle`. */
  readonly code: string;
  /** One sentence, lowercase start, no trailing period. */
  readonly message: string;
  /** The YAML path of the node concerned (`spec.crds.website.operatorBox`), empty at the top. */
  readonly path: string;
  /** How to fix it, when there is something more to say. */
  readonly hint?: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats a YAML path the way users write it: `spec.crds.website.onCreate.deployments[0]`. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Orders diagnostics by file, line and column, keeping the order of equal positions. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        a.d.file.localeCompare(b.d.file) || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i,
    )
    .map(({ d }) => d);
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
