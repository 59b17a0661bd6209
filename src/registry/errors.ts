/** The one error of registry operations: a one-line message that names the reference it is about. */

/** What went wrong, for callers and tests that branch on it. */
export type RegistryErrorKind =
  'unauthorized' | 'not-found' | 'digest-mismatch' | 'unreachable' | 'invalid' | 'protocol';

/** A registry operation failed; the message is one line and names the reference. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly kind: RegistryErrorKind;
  constructor(kind: RegistryErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}
