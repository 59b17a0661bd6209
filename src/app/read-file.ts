/**
 * Reading a user's file (a Katalog, a crdFile, a CR file, a live child) within bounds: only a regular
 * file (a FIFO, `/dev/stdin` on a terminal, a directory or a device would block or never end; the
 * file is opened non-blocking and checked with fstat before a byte is read), and at most
 * {@link DEFAULT_MAX_FILE_BYTES} unless the environment's `ORK_MAX_FILE_SIZE` allows more (`64Mi`).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { nodeFs } from '../util/index.ts';

/** The size a file may have by default: 8 MiB, some hundred times a large real Katalog. */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A file that cannot be read, in words a user acts on (`.message` is the reason alone). */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
};

/** Why a file could not be read, in words: a system error's code, else the error's own message. */
export function readFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? REASONS[code] : undefined;
  if (known !== undefined) return known;
  if (typeof code === 'string') return `the system refused (${code})`;
  return error instanceof Error ? error.message : String(error);
}

const UNITS: Readonly<Record<string, number>> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };

/** Parses `ORK_MAX_FILE_SIZE` (bytes, or with Ki, Mi, Gi); the default when unset. @throws FileReadError */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const value = env['ORK_MAX_FILE_SIZE']?.trim();
  if (value === undefined || value === '') return DEFAULT_MAX_FILE_BYTES;
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(value);
  const bytes = match === null ? NaN : Number(match[1]) * (UNITS[match[2] ?? ''] ?? NaN);
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new FileReadError(`ORK_MAX_FILE_SIZE=${value}: expected a size such as 16Mi, 512Ki or 20000000`);
  return bytes;
}

/** `8 MiB`, `512 KiB`, `123 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${String(n)} bytes`;
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a pipe (FIFO), which could wait for ever';
  if (stat.isSocket()) return 'a socket';
  return 'a device or other special file';
}

function tooLarge(size: number, limit: number): FileReadError {
  return new FileReadError(
    `the file is ${formatBytes(size)}, more than the ${formatBytes(limit)} a file may hold; ` +
      `if it really is that large, raise the bound: ORK_MAX_FILE_SIZE=${String(Math.ceil(size / 1024 ** 2) * 2)}Mi`,
  );
}

/**
 * Reads a regular file of at most `limit` bytes as UTF-8. Never blocks on a FIFO or a terminal.
 * @throws FileReadError (its message the reason in words) when the file cannot be read
 */
export async function readUserFile(path: string, limit = maxFileBytes()): Promise<string> {
  const handle = await open(path, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK).catch(
    (error: unknown) => {
      throw new FileReadError(readFailure(error));
    },
  );
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileReadError(`it is ${kindOf(stat)}, not a regular file`);
    if (stat.size > limit) throw tooLarge(stat.size, limit);
    return await readAll(handle, Math.min(stat.size, limit), limit);
  } catch (error) {
    throw error instanceof FileReadError ? error : new FileReadError(readFailure(error));
  } finally {
    await handle.close();
  }
}

/** Reads to the end (a file may grow, or say size 0 as /proc's do), refusing more than `limit`. */
async function readAll(handle: FileHandle, expected: number, limit: number): Promise<string> {
  let buffer = Buffer.alloc(expected + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) throw tooLarge(length, limit);
      const larger = Buffer.alloc(Math.min(limit + 1, buffer.length * 2));
      buffer.copy(larger);
      buffer = larger;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (length > limit) throw tooLarge(length, limit);
  return buffer.toString('utf8', 0, length);
}
