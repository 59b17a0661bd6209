/**
 * The self-managed certificates, stored in one Secret per Katalog so every replica serves the same
 * ones. The first replica to start makes them (create-if-absent: a conflict means another replica won,
 * and its Secret is read); a Secret that cannot be served (names not covered, expired, broken) is
 * re-issued with a conditional update. Then each replica re-reads the Secret every poll period and at
 * each due time: whichever finds a rotation step due takes it (a conflict means another one did), and
 * every replica that sees the Secret change reports the new certificates to the runtime.
 */
import { isConflict } from '../kube/index.ts';
import type { Logger } from '../observability/index.ts';
import { sleep, type Clock } from '../runtime/index.ts';
import type { CertificateSource, TrustedCertificates } from './certificate-source.ts';
import { applyStep, freshCertificates, nextStep, type RotationPolicy } from './rotation.ts';
import type { SecretStore } from './secret-store.ts';
import {
  secretContent,
  storedOf,
  trustedOf,
  unusableReason,
  type SecretObject,
  type StoredCertificates,
} from './stored-certificates.ts';

/** Options of {@link ManagedCertificates}. */
export interface ManagedCertificatesOptions {
  readonly secrets: SecretStore;
  /** The Secret's name, e.g. `orkestra-<katalog>-webhook-tls`. */
  readonly name: string;
  readonly policy: RotationPolicy;
  readonly clock: Clock;
  /** How often the Secret is re-read for another replica's change. */
  readonly pollMs: number;
  readonly logger: Logger;
}

/** How long a replica that lost the race to take a step waits before it reads again. */
const RACE_PAUSE_MS = 1000;

/** The Secret as last read or written, and what it holds. */
interface Held {
  readonly secret: SecretObject;
  readonly stored: StoredCertificates;
}

function sameTrust(a: StoredCertificates, b: StoredCertificates): boolean {
  return a.serving.certificatePem === b.serving.certificatePem && a.caBundlePem === b.caBundlePem;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Certificates kept in a Secret shared by the replicas, rotated before they expire. */
export class ManagedCertificates implements CertificateSource {
  readonly #options: ManagedCertificatesOptions;
  #held: Held | undefined;
  /** The last step lost a race: wait a moment before the next, to read the winner's write. */
  #lostRace = false;

  constructor(options: ManagedCertificatesOptions) {
    this.#options = options;
  }

  async load(signal: AbortSignal): Promise<TrustedCertificates> {
    const held = await this.#settle(signal);
    this.#held = held;
    return trustedOf(held.stored);
  }

  async maintain(signal: AbortSignal, onChange: (next: TrustedCertificates) => Promise<void>): Promise<void> {
    const { clock, logger, pollMs } = this.#options;
    for (;;) {
      try {
        await this.#round(signal, onChange);
      } catch (error) {
        if (signal.aborted) return;
        logger.warn('webhooks: certificate check failed; retrying', { error: messageOf(error) });
        await sleep(clock, pollMs, signal).catch(() => undefined);
      }
    }
  }

  /** Waits for the next due step or poll, re-reads the Secret, and follows or takes the step. */
  async #round(signal: AbortSignal, onChange: (next: TrustedCertificates) => Promise<void>): Promise<void> {
    const { clock, policy, pollMs } = this.#options;
    const held = this.#held ?? (await this.#settle(signal));
    const due = nextStep(held.stored, policy);
    const wait = Math.min(due.at - clock.now(), pollMs);
    await sleep(clock, this.#lostRace ? Math.max(wait, RACE_PAUSE_MS) : wait, signal);
    this.#lostRace = false;
    const read = await this.#settle(signal);
    this.#held = read;
    if (!sameTrust(read.stored, held.stored)) {
      await onChange(trustedOf(read.stored));
      return;
    }
    if (clock.now() < due.at) return;
    const next = applyStep(read.stored, { step: due.step, now: clock.now() }, policy);
    try {
      this.#held = { secret: await this.#write(read.secret, next), stored: next };
    } catch (error) {
      // another replica took a step: the next round reads it
      if (isConflict(error)) {
        this.#lostRace = true;
        return;
      }
      throw error;
    }
    this.#options.logger.info('webhooks: certificate rotation step taken', { step: due.step });
    await onChange(trustedOf(next));
  }

  /**
   * Reads the Secret and makes sure it holds certificates that can be served: creates it when absent
   * and re-issues what cannot be served, keeping the certificates held when they still can be.
   */
  async #settle(signal: AbortSignal): Promise<Held> {
    const { secrets, name } = this.#options;
    for (;;) {
      signal.throwIfAborted();
      const secret = await secrets.get(name, signal);
      const stored = secret === undefined ? undefined : storedOf(secret);
      const reason = this.#unusable(stored);
      if (secret !== undefined && stored !== undefined && reason === undefined) return { secret, stored };
      const next = this.#replacement();
      if (secret !== undefined)
        this.#options.logger.info('webhooks: re-issuing the certificates', { name, reason });
      try {
        return { secret: await this.#write(secret, next), stored: next };
      } catch (error) {
        if (!isConflict(error)) throw error; // another replica wrote first: read theirs
      }
    }
  }

  /** What replaces a Secret that cannot be served: what this replica holds if it can be, else new ones. */
  #replacement(): StoredCertificates {
    const ours = this.#held?.stored;
    if (ours !== undefined && this.#unusable(ours) === undefined) return ours;
    return freshCertificates(this.#options.policy, this.#options.clock.now());
  }

  #unusable(stored: StoredCertificates | undefined): string | undefined {
    if (stored === undefined) return 'a key is missing';
    return unusableReason(stored, this.#options.policy.names, this.#options.clock.now());
  }

  /** Creates the Secret, or replaces the one read (conditionally on its resourceVersion). */
  #write(existing: SecretObject | undefined, stored: StoredCertificates): Promise<SecretObject> {
    const { annotations, data, type } = secretContent(stored);
    const metadata = {
      ...existing?.metadata,
      name: this.#options.name,
      labels: { ...existing?.metadata?.labels, 'app.kubernetes.io/managed-by': 'orkestra' },
      annotations: { ...existing?.metadata?.annotations, ...annotations },
    };
    const secret: SecretObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      type: existing?.type ?? type,
      data,
    };
    return existing === undefined
      ? this.#options.secrets.create(secret)
      : this.#options.secrets.replace(secret);
  }
}
