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
