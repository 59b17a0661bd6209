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

/**
 * Errors that say, in their message, what went wrong with the user's input or environment (a file,
 * a flag, the cluster): printed as they are. Every other error is ours: an internal error.
 */
const USER_ERRORS = new Set([
  'RenderError',
  'InitError',
  'FileReadError',
  'DevClusterError',
  'KubeConfigError',
  'FlagValueError',
  'NoKindMatchError',
  'RequestTimeoutError',
  'CertificateAuthorityError',
  'CrdChangeRefusedError',
  'MissingPermissionsError',
  'RegistryError',
  'LockFileError',
]);

/** True for an error of the user's input or environment, false for a bug of ours. */
export function isUserError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (USER_ERRORS.has(error.name)) return true;
  const { code, reason, syscall } = error as { code?: unknown; reason?: unknown; syscall?: unknown };
  const apiError = typeof code === 'number' && typeof reason === 'string'; // the API server refused
  const systemError = typeof code === 'string' && typeof syscall === 'string'; // ECONNREFUSED, EACCES
  return apiError || systemError;
}

/** Set by `--debug` (or ORK_DEBUG=1): errors print their stack. */
let debug = false;

/** Turns the printing of stacks on, here and in the child processes `ork` starts. */
export function enableDebug(): void {
  debug = true;
  process.env['ORK_DEBUG'] = '1';
}

function debugging(): boolean {
  const env = process.env['ORK_DEBUG'];
  return debug || (env !== undefined && env !== '' && env !== '0');
}

/**
 * Writes an error to stderr: an error of the input as `error: message`; any other as an internal
 * error to report. The stack only under `--debug` or ORK_DEBUG=1.
 */
export function printError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (isUserError(error)) process.stderr.write(`error: ${message}\n`);
  else
    process.stderr.write(
      `internal error: ${message} (this is a bug of ork: please report it; run with --debug for the stack)\n`,
    );
  if (debugging() && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}

/** Writes a value as pretty JSON to stdout (for `--format json`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
