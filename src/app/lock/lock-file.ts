/**
 * Reading and writing a lock file: YAML, checked by lock-format.ts on the way in, written in the stable
 * order with a header saying what made it. A write goes to a temporary file beside the target,
 * renamed into place, so a failed `ork lock` leaves the previous lock as it was.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse, stringify, YAMLParseError } from 'yaml';
import { FileReadError, readUserFile } from '../read-file.ts';
import { lockDocument, LockFileError, parseLock, type KatalogLock } from './lock-format.ts';

const HEADER =
  '# Written by `ork lock`: every remote source of the Katalogs, pinned. Review it, commit it,\n' +
  '# and run with --lock (or ORK_LOCK_FILE) so a run reads exactly what was locked.\n';

/**
 * Reads and checks the lock file at `path`.
 * @throws LockFileError naming the file when it cannot be read, is not YAML or not a valid lock
 */
export async function readLockFile(path: string): Promise<KatalogLock> {
  let text: string;
  try {
    text = await readUserFile(path);
  } catch (error) {
    const why = error instanceof FileReadError ? error.message : String(error);
    throw new LockFileError(`cannot read the lock file ${path}: ${why}`);
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const why = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    throw new LockFileError(`${path}: not YAML: ${String(why)}`);
  }
  return parseLock(data, path);
}

/** The text of a lock file. */
export function serializeLock(lock: KatalogLock): string {
  return HEADER + stringify(lockDocument(lock), { lineWidth: 0 });
}

/** Writes the lock to `path` (atomically: a temporary file renamed into place). */
export async function writeLockFile(path: string, lock: KatalogLock): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${String(process.pid)}.tmp`);
  try {
    await writeFile(temporary, serializeLock(lock));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new LockFileError(`cannot write the lock file ${path}: ${(error as Error).message}`);
  }
}
