/**
 * The engine's errors. Every failure of parsing or execution is a {@link TemplateError} carrying the template
 * name, the 1-based line and column inside the template, and the absolute offset (the caller's source offset
 * plus the position in the template) so a Katalog loader can point inside its file.
 */

/** Where in a template something happened. */
export interface TemplatePosition {
  /** 1-based line within the template. */
  line: number;
  /** 1-based column (in UTF-16 code units) within the line. */
  col: number;
  /** Offset within the template source plus the caller-supplied base offset. */
  offset: number;
}

/** Computes line and column of an offset in a template source. */
export function positionOf(source: string, pos: number, baseOffset = 0): TemplatePosition {
  const clamped = Math.max(0, Math.min(pos, source.length));
  const before = source.slice(0, clamped);
  const lastNewline = before.lastIndexOf('\n');
  let line = 1;
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 10) line++;
  return { line, col: clamped - lastNewline, offset: baseOffset + clamped };
}

/** Base class of all template errors. `reason` is the message without the location prefix. */
export class TemplateError extends Error {
  /** Name of the template the error happened in. */
  readonly templateName: string;
  /** The message without the `template: name:line:col:` prefix. */
  readonly reason: string;
  /** Line, column and absolute offset of the failing node. */
  readonly position: TemplatePosition;

  constructor(templateName: string, reason: string, position: TemplatePosition) {
    super(`template: ${templateName}:${position.line}:${position.col}: ${reason}`);
    this.name = 'TemplateError';
    this.templateName = templateName;
    this.reason = reason;
    this.position = position;
  }

  /** 1-based line within the template. */
  get line(): number {
    return this.position.line;
  }

  /** 1-based column within the line. */
  get col(): number {
    return this.position.col;
  }
}

/** A template that does not parse (a load error). */
export class TemplateSyntaxError extends TemplateError {
  constructor(templateName: string, reason: string, position: TemplatePosition) {
    super(templateName, reason, position);
    this.name = 'TemplateSyntaxError';
  }
}

/** A failure while executing a template (a reconcile error): a bad call, a function error, a type error. */
export class TemplateExecError extends TemplateError {
  constructor(templateName: string, reason: string, position: TemplatePosition) {
    super(templateName, reason, position);
    this.name = 'TemplateExecError';
  }
}

/** Execution stopped because it exceeded a bound: steps, output size or nesting depth. */
export class TemplateLimitError extends TemplateExecError {
  constructor(templateName: string, reason: string, position: TemplatePosition) {
    super(templateName, reason, position);
    this.name = 'TemplateLimitError';
  }
}
