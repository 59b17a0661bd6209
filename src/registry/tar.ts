/**
 * A small tar (POSIX ustar) writer and reader, for the Katalog layer. The writer is reproducible:
 * entries in the order given (the caller sorts them), modification time 0, owner 0:0 with no names,
 * modes 0644/0755 — the same folder gives the same bytes on any machine. The reader accepts what Go's
 * archive/tar writes (ORAS): ustar, PAX extended headers and GNU long names; it refuses links and
 * devices, which a Katalog never needs.
 */
import { RegistryError } from './errors.ts';

/** One entry: a folder or a file with its content. Paths use `/` and have no leading `./`. */
export type TarEntry =
  | { readonly type: 'dir'; readonly path: string }
  | {
      readonly type: 'file';
      readonly path: string;
      readonly data: Uint8Array;
      readonly executable?: boolean;
    };

const BLOCK = 512;

/** The tar archive of `entries`, in that order, ended by two empty blocks. */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.type === 'file' ? entry.data : new Uint8Array(0);
    const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
    const mode = entry.type === 'dir' || entry.executable === true ? 0o755 : 0o644;
    parts.push(
      header({ path: name, mode, size: data.byteLength, type: entry.type === 'dir' ? '5' : '0' }),
      data,
    );
    const pad = (BLOCK - (data.byteLength % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return Buffer.concat(parts);
}

function header({
  path,
  mode,
  size,
  type,
}: {
  path: string;
  mode: number;
  size: number;
  type: string;
}): Uint8Array {
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = splitName(path);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode, 8), 100, 8, 'ascii');
  block.write(octal(0, 8), 108, 8, 'ascii');
  block.write(octal(0, 8), 116, 8, 'ascii');
  block.write(octal(size, 12), 124, 12, 'ascii');
  block.write(octal(0, 12), 136, 12, 'ascii');
  block.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\u0000`;
}

/** ustar's name (100 bytes) and prefix (155 bytes), split at a `/`. */
function splitName(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '')
      return [prefix, name];
  }
  throw new RegistryError('invalid', `path too long for the Katalog archive: ${path}`);
}

/** The entries of a tar archive (folders and regular files only). */
export function readTar(archive: Uint8Array): TarEntry[] {
  const bytes = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  const entries: TarEntry[] = [];
  const state: ReadState = { offset: 0, longName: undefined };
  for (let raw = nextRaw(bytes, state); raw !== undefined; raw = nextRaw(bytes, state)) {
    const entry = toEntry(raw, state);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

interface ReadState {
  offset: number;
  /** A long name from a PAX or GNU header, for the entry that follows. */
  longName: string | undefined;
}

interface RawEntry {
  readonly block: Buffer;
  readonly type: string;
  readonly data: Buffer;
}

function nextRaw(bytes: Buffer, state: ReadState): RawEntry | undefined {
  if (state.offset + BLOCK > bytes.byteLength) return undefined;
  const block = bytes.subarray(state.offset, state.offset + BLOCK);
  if (block.every((b) => b === 0)) return undefined;
  const size = parseOctal(block.subarray(124, 136));
  const start = state.offset + BLOCK;
  const data = bytes.subarray(start, start + size);
  if (data.byteLength !== size) throw new RegistryError('invalid', 'the Katalog archive is truncated');
  state.offset = start + Math.ceil(size / BLOCK) * BLOCK;
  return { block, type: String.fromCharCode(block[156] ?? 0), data };
}

/** The entry of a header, or undefined for the headers that only describe the next one. */
function toEntry({ block, type, data }: RawEntry, state: ReadState): TarEntry | undefined {
  if (type === 'x' || type === 'L') {
    state.longName = longNameOf(type, data) ?? state.longName;
    return undefined;
  }
  if (type === 'g') return undefined;
  const path = cleanPath(state.longName ?? entryName(block));
  state.longName = undefined;
  if (type === '5') return { type: 'dir', path };
  if (type === '0' || type === '\0' || type === '7') {
    const executable = (parseOctal(block.subarray(100, 108)) & 0o111) !== 0;
    return { type: 'file', path, data: new Uint8Array(data), executable };
  }
  throw new RegistryError('invalid', `the Katalog archive holds ${path}, which is not a file or a folder`);
}

function longNameOf(type: string, data: Buffer): string | undefined {
  return type === 'x' ? paxPath(data) : data.toString('utf8').replace(/\0+$/, '');
}

function entryName(block: Buffer): string {
  const name = cString(block.subarray(0, 100));
  const ustar = block.subarray(257, 262).toString('ascii') === 'ustar';
  const prefix = ustar ? cString(block.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.byteLength : end).toString('utf8');
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** The `path` record of a PAX extended header ("<len> path=<value>\n" records). */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  let at = 0;
  while (at < data.byteLength) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}

/** A relative, normalised path; refuses absolute paths and `..` (an archive must not write outside). */
function cleanPath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (path.startsWith('/') || parts.includes('..')) {
    throw new RegistryError('invalid', `the Katalog archive holds an unsafe path: ${path}`);
  }
  return parts.join('/');
}
