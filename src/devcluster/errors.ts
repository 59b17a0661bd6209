/** Errors of the dev cluster. Each names what went wrong and how to fix it. */

/** A dev cluster operation failed; `fix` says what the user can do about it. */
export class DevClusterError extends Error {
  /** What the user can do about it. */
  readonly fix: string | undefined;

  constructor(message: string, fix?: string) {
    super(fix ? `${message}\n  fix: ${fix}` : message);
    this.name = 'DevClusterError';
    this.fix = fix;
  }
}
