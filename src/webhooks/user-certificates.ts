/**
 * A certificate the user provides instead of the self-managed one — files in a directory (a
 * cert-manager Secret mounted in the pod) or a Secret read through the API — holding `tls.crt`,
 * `tls.key` and `ca.crt`. The runtime serves `tls.crt`, registers `ca.crt` as the caBundle, re-reads
 * them every poll period to follow their renewal, and never writes them.
 */
import { join } from 'node:path';
import type { Logger } from '../observability/index.ts';
import { sleep, type Clock } from '../runtime/index.ts';
import { nodeFs } from '../util/index.ts';
import type { CertificateSource, TrustedCertificates } from './certificate-source.ts';
import type { SecretStore } from './secret-store.ts';
import { certificateBlocks, covers, parsedPair, type CertificateNames } from './stored-certificates.ts';

const KEYS = ['tls.crt', 'tls.key', 'ca.crt'] as const;

/** The PEM texts found, by key (a missing one absent). */
export type CertificateTexts = Partial<Record<(typeof KEYS)[number], string>>;

/** A user-provided certificate that cannot be served. */
export class UserCertificateError extends Error {
  override readonly name = 'UserCertificateError';
}

/** Options of {@link UserCertificates}. */
export interface UserCertificatesOptions {
  /** Where they are, for messages: `directory /etc/certs`, `Secret ns/name`. */
  readonly where: string;
  readonly read: (signal: AbortSignal) => Promise<CertificateTexts>;
  readonly names: CertificateNames;
  readonly clock: Clock;
  readonly pollMs: number;
  readonly logger: Logger;
}

/** The certificates the texts hold. @throws UserCertificateError when they cannot be served */
export function trustedFromTexts(texts: CertificateTexts, where: string): TrustedCertificates {
  const missing = KEYS.filter((key) => !texts[key]);
  if (missing.length > 0) throw new UserCertificateError(`${where} lacks ${missing.join(', ')}`);
  const serving = { certificatePem: texts['tls.crt'] ?? '', keyPem: texts['tls.key'] ?? '' };
  if (parsedPair(serving) === undefined) {
    throw new UserCertificateError(`${where}: tls.crt and tls.key do not read as a certificate and its key`);
  }
  const caBundlePem = texts['ca.crt'] ?? '';
  if (certificateBlocks(caBundlePem).length === 0) {
    throw new UserCertificateError(`${where}: ca.crt holds no PEM certificate`);
  }
  return { serving, caBundlePem };
}

/** A certificate provided by the user, followed as it is renewed. */
export class UserCertificates implements CertificateSource {
  readonly #options: UserCertificatesOptions;
  #current: TrustedCertificates | undefined;

  constructor(options: UserCertificatesOptions) {
    this.#options = options;
  }

  async load(signal: AbortSignal): Promise<TrustedCertificates> {
    const { where, names, logger } = this.#options;
    const first = trustedFromTexts(await this.#options.read(signal), where);
    const leaf = parsedPair(first.serving);
    if (leaf !== undefined && !covers(leaf, names)) {
      logger.warn('webhooks: the provided certificate does not name the endpoint', { where, ...names });
    }
    this.#current = first;
    return first;
  }

  async maintain(signal: AbortSignal, onChange: (next: TrustedCertificates) => Promise<void>): Promise<void> {
    const { clock, pollMs } = this.#options;
    for (;;) {
      try {
        await sleep(clock, pollMs, signal);
      } catch {
        return; // aborted
      }
      const next = await this.#reread(signal);
      if (next === undefined) continue;
      this.#current = next;
      await onChange(next);
    }
  }

  /** The certificates when they changed and can be served; a broken read keeps the current ones. */
  async #reread(signal: AbortSignal): Promise<TrustedCertificates | undefined> {
    try {
      const next = trustedFromTexts(await this.#options.read(signal), this.#options.where);
      const current = this.#current;
      const same =
        current?.serving.certificatePem === next.serving.certificatePem &&
        current.serving.keyPem === next.serving.keyPem &&
        current.caBundlePem === next.caBundlePem;
      return same ? undefined : next;
    } catch (error) {
      if (signal.aborted) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      this.#options.logger.warn('webhooks: cannot re-read the provided certificate; keeping it', {
        error: message,
      });
      return undefined;
    }
  }
}

/** Reads the texts from files in a directory. */
export function certificateDirectory(directory: string): UserCertificatesOptions['read'] {
  return async () => {
    const texts: CertificateTexts = {};
    for (const key of KEYS) {
      try {
        texts[key] = await nodeFs.promises.readFile(join(directory, key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return texts;
  };
}

/** Reads the texts from a Secret (never written). */
export function certificateSecret(secrets: SecretStore, name: string): UserCertificatesOptions['read'] {
  return async (signal) => {
    const secret = await secrets.get(name, signal);
    if (secret === undefined) throw new UserCertificateError(`the Secret ${name} does not exist`);
    const texts: CertificateTexts = {};
    for (const key of KEYS) {
      const value = secret.data?.[key];
      if (value !== undefined) texts[key] = Buffer.from(value, 'base64').toString();
    }
    return texts;
  };
}
