/**
 * Fetching a Komposer's sources (spec §12): `files` relative to the Komposer, `registry` pulled (digests
 * verified) into the cache by manifest digest, `git` and `helm` in their own modules. Every source is
 * tried; each failure is a diagnostic at that source's entry in the Komposer, so one run reports them all.
 *
 * Under a lock file (`ork lock`), each remote source is fetched by its pin instead of its name: a registry
 * source by its manifest digest, git by the locked commit, helm checked against the archive's digest. A
 * source the lock lacks is an error at its entry, naming the source and the lock file.
 */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Diagnostic, Komposer, ParsedKomposer, RegistrySource, SourceOrigin } from '../katalog/index.ts';
import { sourceDiagnostic } from '../katalog/index.ts';
import { cacheRoot, exists } from './komposer-cache.ts';
import type { FetchContext, FetchedSource, SourceLock } from './komposer-source-types.ts';

type Kind = 'files' | 'registry' | 'git' | 'helm';

/** What one remote source resolved to (what `ork lock` writes): its kind, its index in that list, its pin. */
export interface PinnedSource {
  readonly kind: Exclude<Kind, 'files'>;
  readonly index: number;
  readonly pinned: Readonly<Record<string, string>>;
}

/** Every source fetched: the Katalog files in order (files, registry, git, helm), their origins and pins. */
export interface ResolvedSources {
  readonly files: readonly string[];
  readonly origins: readonly SourceOrigin[];
  readonly diagnostics: readonly Diagnostic[];
  readonly pins: readonly PinnedSource[];
}
type Fetch = (index: number) => Promise<FetchedSource>;

function fileSource(komposerFile: string, path: string): FetchedSource {
  return { files: [isAbsolute(path) ? path : join(dirname(komposerFile), path)], origins: [], pinned: {} };
}

const DIGEST_REF = /@(sha256:[0-9a-f]{64})$/;

function registryFlags(env: NodeJS.ProcessEnv) {
  return {
    ...(env['ORK_REGISTRY_CA_FILE'] ? { caFile: env['ORK_REGISTRY_CA_FILE'] } : {}),
    plainHttp: env['ORK_REGISTRY_PLAIN_HTTP'] === 'true',
  };
}

/** Pulls `ref` into `root/<manifest digest>` (staged beside it, renamed into place); a digest already there is not pulled again. */
async function pullCached(
  root: string,
  ref: string,
  env: NodeJS.ProcessEnv,
): Promise<{ dir: string; digest: string }> {
  const pinned = DIGEST_REF.exec(ref)?.[1];
  if (pinned !== undefined && (await exists(join(root, pinned))))
    return { dir: join(root, pinned), digest: pinned };
  const { pull } = await import('./registry.ts');
  const stage = await mkdtemp(join(root, '.pull-'));
  try {
    const { digest } = await pull(ref, { ...registryFlags(env), output: join(stage, 'k') }, env);
    const dir = join(root, digest);
    if (!(await exists(dir))) await rename(join(stage, 'k'), dir).catch(() => undefined);
    return { dir, digest };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** The reference a registry source is pulled by: its own, or under a lock the locked digest (`…:tag@sha256:…`). */
async function pullReference(ref: string, lock: SourceLock | undefined): Promise<string> {
  if (lock === undefined) return ref;
  const { lockedReference } = await import('./lock/lock-format.ts');
  return lockedReference(lock.lock, ref, lock.file);
}

/** A registry source: the artifact's Katalog file, from the cache by manifest digest. */
async function registrySource(
  source: RegistrySource,
  env: NodeJS.ProcessEnv,
  lock: SourceLock | undefined,
): Promise<FetchedSource> {
  const ref = source.url.replace(/^oci:\/\//, '');
  const pulled = await pullReference(ref, lock);
  const { dir, digest } = await pullCached(await cacheRoot('oci', env), pulled, env);
  const { katalogFileIn } = await import('./katalog-sources.ts');
  const file = join(dir, await katalogFileIn(dir, ref));
  return { files: [file], origins: [{ root: dir, label: `oci://${ref}` }], pinned: { digest } };
}

function fetchers(komposerFile: string, komposer: Komposer, context: FetchContext): [Kind, Fetch[]][] {
  const { sources } = komposer;
  const { env, lock } = context;
  const git = async () => (await import('./komposer-git.ts')).fetchGitSource;
  const helm = async () => (await import('./komposer-helm.ts')).fetchHelmSource;
  return [
    ['files', sources.files.map((path) => () => Promise.resolve(fileSource(komposerFile, path)))],
    ['registry', sources.registry.map((s) => () => registrySource(s, env, lock))],
    ['git', sources.git.map((s) => async () => (await git())(s, env, lock))],
    ['helm', sources.helm.map((s) => async () => (await helm())(s, komposer.metadata, context))],
  ];
}

/** Whether a Komposer has a source a lock pins (files need none). */
export function hasRemoteSources(komposer: Komposer): boolean {
  const { registry, git, helm } = komposer.sources;
  return registry.length + git.length + helm.length > 0;
}

/**
 * Fetches every source of a Komposer, by its pin when `lock` is given; never throws for a source that
 * fails (it becomes a diagnostic).
 */
export async function resolveSources(
  parsed: ParsedKomposer,
  env: NodeJS.ProcessEnv,
  lock?: SourceLock,
): Promise<ResolvedSources> {
  const komposer = parsed.komposer;
  if (komposer === undefined) return { files: [], origins: [], diagnostics: [], pins: [] };
  const resolved: Collected = { files: [], origins: [], diagnostics: [], pins: [] };
  for (const [kind, list] of fetchers(parsed.source.file, komposer, { env, lock })) {
    for (const [i, fetch] of list.entries()) await fetchInto(resolved, { parsed, kind, index: i }, fetch);
  }
  return resolved;
}

interface Collected {
  files: string[];
  origins: SourceOrigin[];
  diagnostics: Diagnostic[];
  pins: PinnedSource[];
}

/** Fetches one source into `into`: its files, origins and pin, or its failure at its entry. */
async function fetchInto(
  into: Collected,
  entry: { readonly parsed: ParsedKomposer; readonly kind: Kind; readonly index: number },
  fetch: Fetch,
): Promise<void> {
  const { parsed, kind, index } = entry;
  try {
    const fetched = await fetch(index);
    into.files.push(...fetched.files);
    into.origins.push(...fetched.origins);
    if (kind !== 'files') into.pins.push({ kind, index, pinned: fetched.pinned });
  } catch (error) {
    const message = `${kind} source: ${error instanceof Error ? error.message : String(error)}`;
    into.diagnostics.push(sourceDiagnostic(parsed.source, ['sources', kind, index], message));
  }
}
