/**
 * Bearer token read from a file that may be rotated underneath us (kubeconfig `tokenFile`, the
 * projected service-account token in a pod, which the kubelet refreshes about hourly).
 */
import { readFile, stat } from 'node:fs/promises';
import { KubeConfigError } from './cluster-config.ts';
import type { Credentials } from './cluster-config.ts';

/** Tuning of {@link tokenFileCredentials}. */
export interface TokenFileOptions {
  /** How often at most the file's mtime and size are checked for a change. @default 10000 */
  checkIntervalMs?: number;
  /** Clock in ms (for tests). @default Date.now */
  now?: () => number;
}

interface CachedToken {
  header: string;
  mtimeMs: number;
  size: number;
  checkedAt: number;
}

async function readToken(path: string, checkedAt: number): Promise<CachedToken> {
  try {
    const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    const token = text.trim();
    if (token === '') throw new KubeConfigError(`token file ${path} is empty`);
    return { header: `Bearer ${token}`, mtimeMs: info.mtimeMs, size: info.size, checkedAt };
  } catch (error) {
    if (error instanceof KubeConfigError) throw error;
    throw new KubeConfigError(`cannot read token file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Credentials from a token file: read on first use, re-read when its mtime or size changes
 * (checked at most every `checkIntervalMs`) and after a 401.
 */
export function tokenFileCredentials(path: string, options: TokenFileOptions = {}): Credentials {
  const checkIntervalMs = options.checkIntervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  let cached: CachedToken | undefined;

  const current = async (): Promise<CachedToken> => {
    const at = now();
    if (cached === undefined) return (cached = await readToken(path, at));
    if (at - cached.checkedAt < checkIntervalMs) return cached;
    const info = await stat(path).catch(() => undefined);
    const changed = info === undefined || info.mtimeMs !== cached.mtimeMs || info.size !== cached.size;
    cached = changed ? await readToken(path, at) : { ...cached, checkedAt: at };
    return cached;
  };

  return {
    authorization: async () => (await current()).header,
    refresh: async () => {
      const before = cached?.header;
      cached = await readToken(path, now());
      return cached.header !== before;
    },
  };
}
