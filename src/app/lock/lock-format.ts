/**
 * The lock file (`orkestra.lock`): every remote source of a Katalog resolved to an immutable pin, so a
 * run reads what was reviewed and a re-pushed tag or a moved branch never changes it. One entry per
 * distinct source, of one of three kinds:
 *
 * - `{oci: registry/repository:tag, digest: sha256:…}`: an OCI artifact, its manifest's digest;
 * - `{git: url, ref, path?, commit}`: a git source, the commit its ref resolved to;
 * - `{helm: repo, chart, version, digest: sha256:…}`: a Helm chart, the digest of its .tgz.
 *
 * This module is pure: it checks a parsed document (clear errors naming the file and the entry),
 * builds a lock in a stable order and finds the entry of a source. lock-file.ts reads and writes it.
 */
import { formatReference, parseReference, RegistryError } from '../../registry/index.ts';

export const LOCK_API_VERSION = 'orkestra.orkspace.io/v1';
export const LOCK_KIND = 'KatalogLock';
/** The lock file's conventional name. */
export const LOCK_FILE = 'orkestra.lock';

/** An OCI artifact pinned to its manifest's digest. `oci` is the reference, normalized (no `oci://`, tag explicit). */
export interface OciLockEntry {
  readonly oci: string;
  readonly digest: string;
}

/** A git source (a file or folder at `path` of the repository at `url`), pinned to the commit `ref` named. */
export interface GitLockEntry {
  readonly git: string;
  readonly ref: string;
  readonly path?: string;
  readonly commit: string;
}

/** A Helm chart of a repository, pinned to the sha256 digest of its .tgz. */
export interface HelmLockEntry {
  readonly helm: string;
  readonly chart: string;
  readonly version: string;
  readonly digest: string;
}

export type LockEntry = OciLockEntry | GitLockEntry | HelmLockEntry;

/** A lock: its entries in a stable order (OCI, git, Helm; each by its source). */
export interface KatalogLock {
  readonly sources: readonly LockEntry[];
}

/** A git source as a Komposer names it. */
export interface GitSource {
  readonly url: string;
  readonly ref: string;
  readonly path?: string;
}

/** A Helm source as a Komposer names it. */
export interface HelmSource {
  readonly repo: string;
  readonly chart: string;
  readonly version: string;
}

/** A lock file that does not read, or that lacks a source: the message names the file (and the entry). */
export class LockFileError extends Error {
  override readonly name = 'LockFileError';
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A SHA-1 commit, or a SHA-256 one (git's sha256 object format). */
const COMMIT = /^(?:[a-f0-9]{40}|[a-f0-9]{64})$/;

type Kind = 'oci' | 'git' | 'helm';
const KINDS: readonly Kind[] = ['oci', 'git', 'helm'];
/** Each kind's fields, in the order they are written; `path` alone is optional. */
const FIELDS: Readonly<Record<Kind, readonly string[]>> = {
  oci: ['oci', 'digest'],
  git: ['git', 'ref', 'path', 'commit'],
  helm: ['helm', 'chart', 'version', 'digest'],
};
const OPTIONAL = new Set(['path']);

/** The kind of an entry. */
export function entryKind(entry: LockEntry): Kind {
  if ('oci' in entry) return 'oci';
  return 'git' in entry ? 'git' : 'helm';
}

/** The normalized text of an OCI reference: no `oci://`, the tag explicit (`latest` when none). */
export function ociKey(ref: string): string {
  return formatReference(parseReference(ref));
}

/** What identifies an entry's source: two entries with the same key are the same source. */
export function sourceKey(entry: LockEntry): string {
  if ('oci' in entry) return `oci ${entry.oci}`;
  if ('git' in entry) return gitKey({ url: entry.git, ref: entry.ref, ...optionalPath(entry.path) });
  return helmKey({ repo: entry.helm, chart: entry.chart, version: entry.version });
}

function gitKey(source: GitSource): string {
  return `git ${source.url} ${source.ref} ${source.path ?? ''}`;
}

function helmKey(source: HelmSource): string {
  return `helm ${source.repo} ${source.chart} ${source.version}`;
}

function optionalPath(path: string | undefined): { path?: string } {
  return path === undefined ? {} : { path };
}

/** A human name of an entry's source, for messages. */
export function describeEntry(entry: LockEntry): string {
  if ('oci' in entry) return entry.oci;
  if ('git' in entry) return `${entry.git}@${entry.ref}${entry.path === undefined ? '' : `:${entry.path}`}`;
  return `${entry.helm} ${entry.chart}@${entry.version}`;
}

/**
 * A lock of `entries`, in the stable order; the same source twice is kept once when pinned alike.
 * @throws LockFileError when one source has two different pins
 */
export function buildLock(entries: readonly LockEntry[], file = LOCK_FILE): KatalogLock {
  const byKey = new Map<string, LockEntry>();
  for (const entry of entries) {
    const key = sourceKey(entry);
    const seen = byKey.get(key);
    if (seen !== undefined && JSON.stringify(pinOf(seen)) !== JSON.stringify(pinOf(entry))) {
      throw new LockFileError(`${file}: ${describeEntry(entry)} is locked twice, to different pins`);
    }
    byKey.set(key, entry);
  }
  const sorted = [...byKey.values()].sort(
    (a, b) =>
      KINDS.indexOf(entryKind(a)) - KINDS.indexOf(entryKind(b)) ||
      (sourceKey(a) < sourceKey(b) ? -1 : sourceKey(a) > sourceKey(b) ? 1 : 0),
  );
  return { sources: sorted };
}

function pinOf(entry: LockEntry): string {
  return 'commit' in entry ? entry.commit : entry.digest;
}

/** The document of a lock, as it is written (keys in a fixed order). */
export function lockDocument(lock: KatalogLock): Record<string, unknown> {
  return {
    apiVersion: LOCK_API_VERSION,
    kind: LOCK_KIND,
    sources: lock.sources.map((entry) => {
      const fields = entry as unknown as Record<string, unknown>;
      const keys = FIELDS[entryKind(entry)].filter((k) => fields[k] !== undefined);
      return Object.fromEntries(keys.map((k) => [k, fields[k]]));
    }),
  };
}

/**
 * Checks a parsed lock document.
 * @throws LockFileError naming `file` and the entry at fault
 */
export function parseLock(data: unknown, file: string): KatalogLock {
  const fail = (why: string) => new LockFileError(`${file}: ${why}`);
  if (!isRecord(data)) throw fail(`not a ${LOCK_KIND} (expected a YAML mapping)`);
  if (data['apiVersion'] !== LOCK_API_VERSION || data['kind'] !== LOCK_KIND) {
    throw fail(
      `not a ${LOCK_KIND}: expected apiVersion ${LOCK_API_VERSION} and kind ${LOCK_KIND}, got ${String(data['apiVersion'])} ${String(data['kind'])}`,
    );
  }
  const unknown = Object.keys(data).filter((k) => !['apiVersion', 'kind', 'sources'].includes(k));
  if (unknown.length > 0) throw fail(`unknown field ${unknown.join(', ')}`);
  const sources = data['sources'] ?? [];
  if (!Array.isArray(sources)) throw fail('sources: expected a list');
  const entries = sources.map((item: unknown, i) =>
    parseEntry(item, (why) => fail(`sources[${String(i)}]: ${why}`)),
  );
  return buildLock(entries, file);
}

function parseEntry(item: unknown, fail: (why: string) => LockFileError): LockEntry {
  const { kind, values } = entryFields(item, fail);
  if (kind === 'git') return gitEntry(values, fail);
  if (!DIGEST.test(values['digest'] ?? ''))
    throw fail(`digest "${String(values['digest'])}" is not sha256:<64 hex digits>`);
  if (kind === 'helm')
    return {
      helm: s(values, 'helm'),
      chart: s(values, 'chart'),
      version: s(values, 'version'),
      digest: s(values, 'digest'),
    };
  return ociEntry(values, fail);
}

/** The kind of an entry and its fields, each checked to be a non-empty string, no unknown one. */
function entryFields(
  item: unknown,
  fail: (why: string) => LockFileError,
): { kind: Kind; values: Record<string, string> } {
  if (!isRecord(item)) throw fail('expected a mapping');
  const kinds = KINDS.filter((kind) => kind in item);
  if (kinds.length !== 1 || kinds[0] === undefined) throw fail('expected exactly one of oci, git or helm');
  const kind = kinds[0];
  const fields = FIELDS[kind];
  const extra = Object.keys(item).filter((k) => !fields.includes(k));
  if (extra.length > 0) throw fail(`unknown field ${extra.join(', ')} in a ${kind} entry`);
  for (const key of fields) {
    const value = item[key];
    if (value === undefined && OPTIONAL.has(key)) continue;
    if (typeof value !== 'string' || value === '')
      throw fail(`${kind} entry: ${key} must be a non-empty string`);
  }
  return { kind, values: item as Record<string, string> };
}

function gitEntry(fields: Record<string, string>, fail: (why: string) => LockFileError): GitLockEntry {
  if (!COMMIT.test(s(fields, 'commit')))
    throw fail(`commit "${s(fields, 'commit')}" is not a full commit hash (40 or 64 hex digits)`);
  return {
    git: s(fields, 'git'),
    ref: s(fields, 'ref'),
    ...optionalPath(fields['path']),
    commit: s(fields, 'commit'),
  };
}

function ociEntry(fields: Record<string, string>, fail: (why: string) => LockFileError): OciLockEntry {
  let key: string;
  try {
    key = ociKey(s(fields, 'oci'));
  } catch (error) {
    throw fail(error instanceof RegistryError ? error.message : String(error));
  }
  const pinned = parseReference(key).digest;
  if (pinned !== undefined && pinned !== fields['digest'])
    throw fail(`${key} names digest ${pinned} but is locked to ${s(fields, 'digest')}`);
  return { oci: key, digest: s(fields, 'digest') };
}

function s(fields: Record<string, string>, key: string): string {
  return fields[key] ?? '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entry of an OCI reference (`oci://` or not, the tag `latest` when none), if locked. */
export function findOci(lock: KatalogLock, ref: string): OciLockEntry | undefined {
  const key = `oci ${ociKey(ref)}`;
  return lock.sources.find((e): e is OciLockEntry => 'oci' in e && sourceKey(e) === key);
}

/** The entry of a git source, if locked. */
export function findGit(lock: KatalogLock, source: GitSource): GitLockEntry | undefined {
  const key = gitKey(source);
  return lock.sources.find((e): e is GitLockEntry => 'git' in e && sourceKey(e) === key);
}

/** The entry of a Helm chart, if locked. */
export function findHelm(lock: KatalogLock, source: HelmSource): HelmLockEntry | undefined {
  const key = helmKey(source);
  return lock.sources.find((e): e is HelmLockEntry => 'helm' in e && sourceKey(e) === key);
}

function missing(what: string, file: string): LockFileError {
  return new LockFileError(`${what} is not in the lock file ${file}; run ork lock to add it`);
}

/**
 * The reference to pull for `ref` under the lock: `registry/repository:tag@sha256:…`, so the pull
 * reads the locked manifest whatever the tag names now.
 * @throws LockFileError when the lock has no entry for it
 */
export function lockedReference(lock: KatalogLock, ref: string, file: string): string {
  const entry = findOci(lock, ref);
  if (entry === undefined) throw missing(ociKey(ref), file);
  const parsed = parseReference(entry.oci);
  return formatReference({ ...parsed, digest: entry.digest });
}

/** The locked entry of a git source. @throws LockFileError naming it when the lock lacks it */
export function requireGit(lock: KatalogLock, source: GitSource, file: string): GitLockEntry {
  const entry = findGit(lock, source);
  if (entry === undefined)
    throw missing(
      describeEntry({ git: source.url, ref: source.ref, ...optionalPath(source.path), commit: '' }),
      file,
    );
  return entry;
}

/** The locked entry of a Helm chart. @throws LockFileError naming it when the lock lacks it */
export function requireHelm(lock: KatalogLock, source: HelmSource, file: string): HelmLockEntry {
  const entry = findHelm(lock, source);
  if (entry === undefined) throw missing(`${source.repo} ${source.chart}@${source.version}`, file);
  return entry;
}
