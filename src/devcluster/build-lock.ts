/** A lock around the build, so that two `ork dev up` (or test runs) never build into the cache at once. */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive } from './processes.ts';

const POLL_MS = 1000;
const FRESH_LOCK_MS = 10_000;

/** Runs `work` holding the cache's build lock; waits while another live process holds it. */
export async function withBuildLock<T>(root: string, work: () => Promise<T>): Promise<T> {
  const lock = join(root, 'build.lock');
  await mkdir(root, { recursive: true });
  while (!(await tryLock(lock))) await delay(POLL_MS);
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), String(process.pid));
    return true;
  } catch {
    const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
    if (owner > 0 && isAlive(owner)) return false;
    const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? 0);
    if (owner === 0 && age < FRESH_LOCK_MS) return false; // its owner is still writing the pid
    await rm(lock, { recursive: true, force: true }); // left by a process that died
    return false;
  }
}
