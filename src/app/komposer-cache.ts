/**
 * Where the Komposer keeps what it fetched: `<user cache dir>/orkestra/<kind>` (XDG_CACHE_HOME, else
 * ~/.cache), and how a fetched folder is put there — written beside it, then renamed into place, so a
 * cached folder is always whole and two runs fetching the same thing do not see each other's halves.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The cache folder of one kind of source (`git`, `helm`, `oci`), created. */
export async function cacheRoot(kind: string, env: NodeJS.ProcessEnv): Promise<string> {
  const base = env['XDG_CACHE_HOME'] || join(env['HOME'] ?? homedir(), '.cache');
  const root = join(base, 'orkestra', kind);
  await mkdir(root, { recursive: true });
  return root;
}

/** A short, stable folder name for a key (a URL, a digest and values). */
export function cacheKey(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The folder `root/name`, filled by `fill` when missing: into a temporary folder beside it, renamed
 * into place (a concurrent writer that won keeps its copy). Nothing half written stays behind.
 */
export async function cachedFolder(
  root: string,
  name: string,
  fill: (dir: string) => Promise<void>,
): Promise<string> {
  const target = join(root, name);
  if (await exists(target)) return target;
  const temp = await mkdtemp(join(root, `.tmp-${name.slice(0, 12)}-`));
  try {
    await fill(temp);
    await rename(temp, target).catch(async (error: unknown) => {
      if (!(await exists(target))) throw error;
    });
    return target;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
