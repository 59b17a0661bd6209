/** Where something is written in a Katalog file, and the templates found there. */

/** A place in a source file; lines and columns count from 1. */
export interface SourceLocation {
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** 1-based line where the marked text ends (same as `line` when unknown). */
  readonly endLine: number;
  /** 1-based column just past the marked text (same as `column` when unknown). */
  readonly endColumn: number;
}

/** One template as written in a Katalog: its text and where it is. */
export interface TemplateSource {
  /** The template text, exactly as the YAML value (escapes resolved). */
  readonly source: string;
  /** Its YAML path, e.g. `spec.crds.website.operatorBox.onCreate.deployments[0].image`. */
  readonly path: string;
  /** Where the value starts (at the opening quote for quoted scalars) and ends. */
  readonly location: SourceLocation;
}

/**
 * Where a line and column inside a template (1-based, as the engine reports them) are in the Katalog file:
 * exact on the template's first line; on later lines (block scalars), the line, at the value's column.
 */
export function positionInFile(
  t: TemplateSource,
  line: number,
  col: number,
): { line: number; column: number } {
  const { location } = t;
  if (line === 1) return { line: location.line, column: location.column + col };
  return { line: location.line + line - 1, column: location.column };
}
