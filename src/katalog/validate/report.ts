/** A small helper the checks use to report diagnostics at YAML paths of a source file. */
import { formatPath } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, Severity, YamlPath } from '../diagnostics/diagnostic.ts';
import { locate } from '../load/source-file.ts';
import type { SourceFile } from '../load/source-file.ts';

/** What a check reports. */
export interface Finding {
  /** Defaults to error. */
  readonly severity?: Severity;
  /** Stable kebab-case code. */
  readonly code: string;
  /** One sentence, lowercase. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Mark the key (default) or the value. */
  readonly target?: 'key' | 'value';
}

/** Collects diagnostics for one run of the checks. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  /** Reports a finding at `path` of `source`; the displayed path is the parent of the marked node. */
  at(source: SourceFile, path: YamlPath, finding: Finding): void {
    const { severity = 'error', target = 'key', hint, code, message } = finding;
    this.diagnostics.push({
      ...locate(source, path, target),
      severity,
      code,
      message,
      path: formatPath(path.slice(0, -1)),
      ...(hint === undefined ? {} : { hint }),
    });
  }
}

/** `" (did you mean "x"?)"` or the empty string. */
export function didYouMean(guess: string | undefined): string {
  return guess === undefined ? '' : ` (did you mean "${guess}"?)`;
}
