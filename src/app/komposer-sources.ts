/**
 * Fetching a Komposer's sources (spec §12): `files` relative to the Komposer, `registry` pulled (digests
 * verified) into the cache by manifest digest, `git` and `helm` in their own modules. Every source is
 * tried; each failure is a diagnostic at that source's entry in the Komposer, so one run reports them all.
 */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Diagnostic, Komposer, ParsedKomposer, RegistrySource, SourceOrigin } from '../katalog/index.ts';
import { sourceDiagnostic } from '../katalog/index.ts';
import { cacheRoot, exists } from './komposer-cache.ts';
import type { FetchedSource } from './komposer-source-types.ts';

/** Every source fetched: the Katalog files in order (files, registry, git, helm) and their origins. */
export interface ResolvedSources {
  readonly files: readonly string[];
  readonly origins: readonly SourceOrigin[];
  readonly diagnostics: readonly Diagnostic[];
}

type Kind = 'files' | 'registry' | 'git' | 'helm';
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

/** A registry source: the artifact's Katalog file, from the cache by manifest digest. */
async function registrySource(source: RegistrySource, env: NodeJS.ProcessEnv): Promise<FetchedSource> {
  const ref = source.url.replace(/^oci:\/\//, '');
  const { dir, digest } = await pullCached(await cacheRoot('oci', env), ref, env);
  const { katalogFileIn } = await import('./katalog-sources.ts');
  const file = join(dir, await katalogFileIn(dir, ref));
  return { files: [file], origins: [{ root: dir, label: `oci://${ref}` }], pinned: { digest } };
}

function fetchers(komposerFile: string, komposer: Komposer, env: NodeJS.ProcessEnv): [Kind, Fetch[]][] {
  const { sources } = komposer;
  return [
    ['files', sources.files.map((path) => () => Promise.resolve(fileSource(komposerFile, path)))],
    ['registry', sources.registry.map((s) => () => registrySource(s, env))],
    ['git', sources.git.map((s) => async () => (await import('./komposer-git.ts')).fetchGitSource(s, env))],
    [
      'helm',
      sources.helm.map(
        (s) => async () => (await import('./komposer-helm.ts')).fetchHelmSource(s, komposer.metadata, env),
      ),
    ],
  ];
}

/** Fetches every source of a Komposer; never throws for a source that fails (it becomes a diagnostic). */
export async function resolveSources(
  parsed: ParsedKomposer,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedSources> {
  const komposer = parsed.komposer;
  if (komposer === undefined) return { files: [], origins: [], diagnostics: [] };
  const files: string[] = [];
  const origins: SourceOrigin[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [kind, list] of fetchers(parsed.source.file, komposer, env)) {
    for (const [i, fetch] of list.entries()) {
      try {
        const fetched = await fetch(i);
        files.push(...fetched.files);
        origins.push(...fetched.origins);
      } catch (error) {
        const message = `${kind} source: ${error instanceof Error ? error.message : String(error)}`;
        diagnostics.push(sourceDiagnostic(parsed.source, ['sources', kind, i], message));
      }
    }
  }
  return { files, origins, diagnostics };
}
