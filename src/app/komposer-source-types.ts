/** What fetching one Komposer source gives, and the error that names what went wrong with it. */
import type { SourceOrigin } from '../katalog/index.ts';
import type { KatalogLock } from './lock/lock-format.ts';

/** The lock a Komposer's sources are fetched by, and the file it was read from (for messages). */
export interface SourceLock {
  readonly lock: KatalogLock;
  readonly file: string;
}

/** What fetching a source reads: the environment (cache, registry settings) and, if any, the lock. */
export interface FetchContext {
  readonly env: NodeJS.ProcessEnv;
  readonly lock?: SourceLock | undefined;
}

/** The Katalog files of one source, where they sit on disk, and what the source resolved to. */
export interface FetchedSource {
  readonly files: readonly string[];
  readonly origins: readonly SourceOrigin[];
  /** What a lock would pin: a commit, a digest. */
  readonly pinned: Readonly<Record<string, string>>;
}

/** A source that could not be fetched; reported at the source's entry in the Komposer. */
export class KomposerSourceError extends Error {
  override readonly name = 'KomposerSourceError';
}
