/** The errors of the resources layer: both are reconcile errors (retried with backoff, reported on Ready). */

/** A condition could not be evaluated: an operand that cannot be compared (non-numeric threshold, bad regex). */
export class ConditionError extends Error {
  /** The condition's `field`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(`condition on "${field}": ${message}`);
    this.name = 'ConditionError';
    this.field = field;
  }
}

/**
 * A rendered value does not fit its field (spec §6.1): names the field, the template and the value.
 */
export class RenderValueError extends Error {
  /** The manifest field, dotted (`spec.replicas`). */
  readonly field: string;
  /** The template source that produced the value, when there was one. */
  readonly template: string | undefined;
  /** The offending value. */
  readonly value: unknown;
  constructor(init: { field: string; template?: string; value: unknown; expected: string }) {
    const from = init.template === undefined ? '' : ` (from template ${JSON.stringify(init.template)})`;
    super(
      `${init.field}: expected ${init.expected}, got ${init.value === undefined ? 'nothing' : JSON.stringify(init.value)}${from}`,
    );
    this.name = 'RenderValueError';
    this.field = init.field;
    this.template = init.template;
    this.value = init.value;
  }
}

/** Two rendered entries produce the same object (same kind, namespace and name). */
export class ChildConflictError extends Error {
  /** The entries that collide, e.g. `onReconcile.configMaps[0]`. */
  readonly entries: readonly [string, string];
  constructor(child: string, entries: readonly [string, string]) {
    super(`${child} is produced by both ${entries[0]} and ${entries[1]}; give them distinct names`);
    this.name = 'ChildConflictError';
    this.entries = entries;
  }
}

/**
 * A CR would render more children than its Katalog allows (spec.limits.maxChildren): a forEach over a list
 * of the CR's, or entries enough. Raised before the children are built.
 */
export class ChildLimitError extends Error {
  /** The entry that went over, e.g. `onReconcile.configMaps[0]`. */
  readonly entry: string;
  /** The budget. */
  readonly max: number;
  constructor(init: {
    label: string;
    path?: string | undefined;
    location?: { file: string; line: number; column: number } | undefined;
    field?: string | undefined;
    count: number;
    rendered: number;
    max: number;
  }) {
    const { location: at, field, count, rendered, max } = init;
    const where = at === undefined ? '' : `${at.file}:${at.line}:${at.column}: `;
    const what = field === undefined ? 'one more child' : `forEach over ${field} (${count} elements)`;
    const before = rendered === 0 ? '' : ` after ${rendered} children of other entries`;
    super(
      `${where}${init.path ?? init.label}: ${what} would take this CR past ${max} children${before} (spec.limits.maxChildren); shorten the list or raise the limit in the Katalog`,
    );
    this.name = 'ChildLimitError';
    this.entry = init.label;
    this.max = max;
  }
}
