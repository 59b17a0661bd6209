/**
 * The one place that writes to the terminal. Commands print results to stdout and
 * diagnostics and progress to stderr, so that `ork ... | kubectl apply -f -` works.
 */

/** Writes a line of result to stdout. */
export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a line of progress or a note to stderr. */
export function printNote(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Writes an error to stderr: its message only, never a stack, unless ORK_DEBUG is set. */
export function printError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (process.env['ORK_DEBUG'] && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
}

/** Writes a value as pretty JSON to stdout (for `--format json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
