/**
 * A Komposer's `git` source: `{url, ref, path}` read with the `git` command. Each repository is mirrored
 * once into a bare clone under the user cache (`orkestra/git/<hash of url>`), fetched on each use (tags
 * and branches), and each commit read is checked out once into `orkestra/git/trees/<commit>` — a commit's
 * tree never changes, so a ref that is a commit already in the cache needs no network at all.
 *
 * Under a lock, the ref is not resolved: the locked commit is read (from the mirror, else fetched), so a
 * tag or branch moved since `ork lock` changes nothing.
 */
import { execFile } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { GitSource, SourceOrigin } from '../katalog/index.ts';
import { cachedFolder, cacheKey, cacheRoot, exists } from './komposer-cache.ts';
import { KomposerSourceError, type FetchedSource, type SourceLock } from './komposer-source-types.ts';

/** A full commit hash: SHA-1, or SHA-256 (git's sha256 object format). */
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

interface Git {
  readonly repo: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs git; resolves to its stdout, rejects with its last line of stderr. */
function git(g: Git, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const env = { ...g.env, ...extraEnv, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true' };
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['--git-dir', g.repo, ...args],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(lastLine(stderr) || error.message));
      },
    );
  });
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .at(-1)
      ?.replace(/^fatal: /, '') ?? ''
  );
}

async function mirror(url: string, env: NodeJS.ProcessEnv): Promise<Git> {
  const root = await cacheRoot('git', env);
  const repo = await cachedFolder(root, cacheKey(url), async (dir) => {
    await new Promise<void>((resolve, reject) => {
      execFile('git', ['init', '--bare', '--quiet', dir], { env }, (error) => {
        if (error === null) resolve();
        else reject(new Error(error.message));
      });
    });
  });
  return { repo, env };
}

async function commitOf(g: Git, name: string): Promise<string | undefined> {
  return git(g, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`]).then(
    (out) => out.trim(),
    () => undefined,
  );
}

async function fetchAll(g: Git, source: GitSource): Promise<void> {
  const refspecs = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
  await git(g, ['fetch', '--quiet', '--force', '--prune', '--no-tags', source.url, ...refspecs]).catch(
    (error: unknown) => {
      throw new KomposerSourceError(`cannot fetch ${source.url}: ${(error as Error).message}`);
    },
  );
}

async function refNames(g: Git): Promise<string> {
  const list = async (prefix: string) =>
    (await git(g, ['for-each-ref', '--format=%(refname:short)', prefix]).catch(() => ''))
      .split('\n')
      .filter(Boolean);
  const tags = await list('refs/tags');
  const branches = await list('refs/heads');
  return `tags: ${tags.join(', ') || 'none'}; branches: ${branches.join(', ') || 'none'}`;
}

/** The commit of `ref`: offline when it is a commit already mirrored, else after fetching. */
async function resolveRef(g: Git, source: GitSource): Promise<string> {
  const { ref } = source;
  if (COMMIT.test(ref) && (await commitOf(g, ref)) !== undefined) return ref;
  await fetchAll(g, source);
  for (const name of [`refs/tags/${ref}`, `refs/heads/${ref}`, ref]) {
    const commit = await commitOf(g, name);
    if (commit !== undefined) return commit;
  }
  if (COMMIT.test(ref)) {
    // A commit no branch or tag reaches: servers that allow it send it when asked by name.
    await git(g, ['fetch', '--quiet', source.url, ref]).catch(() => undefined);
    if ((await commitOf(g, ref)) !== undefined) return ref;
  }
  throw new KomposerSourceError(`${source.url} has no ref "${ref}" (${await refNames(g)})`);
}

/** The locked commit of a source: offline when already mirrored, else fetched (its branches and tags, then by name). */
async function lockedCommit(g: Git, source: GitSource, lock: SourceLock): Promise<string> {
  const { requireGit } = await import('./lock/lock-format.ts');
  const { commit } = requireGit(lock.lock, source, lock.file);
  if ((await commitOf(g, commit)) !== undefined) return commit;
  await fetchAll(g, source);
  if ((await commitOf(g, commit)) !== undefined) return commit;
  await git(g, ['fetch', '--quiet', source.url, commit]).catch(() => undefined);
  if ((await commitOf(g, commit)) !== undefined) return commit;
  throw new KomposerSourceError(
    `${source.url} has no commit ${commit} (locked for ${source.ref} in ${lock.file}); the server no longer has it, or does not send it`,
  );
}

/** The files of `commit`, checked out once into the trees cache (an index of its own, no work tree touched). */
async function treeOf(g: Git, commit: string): Promise<string> {
  const root = await cacheRoot(join('git', 'trees'), g.env);
  return cachedFolder(root, commit, async (dir) => {
    const index = { GIT_INDEX_FILE: `${dir}.index` };
    try {
      await git(g, ['read-tree', commit], index);
      await git(g, ['--work-tree', dir, 'checkout-index', '--all', '--force', `--prefix=${dir}/`], index);
    } finally {
      await rm(`${dir}.index`, { force: true });
    }
  });
}

/** The Katalog file `path` names in a tree: the file, or a folder's katalog.yaml. */
async function katalogFile(tree: string, source: GitSource, commit: string): Promise<string> {
  const file = join(tree, source.path);
  const rel = relative(tree, file);
  const at = `${source.url}@${source.ref} (${commit.slice(0, 12)})`;
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new KomposerSourceError(`path ${source.path} leaves the repository`);
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) throw new KomposerSourceError(`${at} has no ${source.path}`);
  if (!info.isDirectory()) return file;
  const inner = join(file, 'katalog.yaml');
  if (await exists(inner)) return inner;
  throw new KomposerSourceError(`${at}: the folder ${source.path} holds no katalog.yaml`);
}

/** Fetches a git source: the Katalog file it names, checked out at its ref's commit (the locked one under a lock). */
export async function fetchGitSource(
  source: GitSource,
  env: NodeJS.ProcessEnv,
  lock?: SourceLock,
): Promise<FetchedSource> {
  const g = await mirror(source.url, env);
  const commit = lock === undefined ? await resolveRef(g, source) : await lockedCommit(g, source, lock);
  const tree = await treeOf(g, commit);
  const origin: SourceOrigin = { root: tree, label: `git+${source.url}@${source.ref}` };
  return { files: [await katalogFile(tree, source, commit)], origins: [origin], pinned: { commit } };
}
