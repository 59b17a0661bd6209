/**
 * A reproducible tar writer for the image's layers: POSIX ustar headers (a PAX record for a path or
 * link target too long for them), entries in the order given, every field fixed by the caller (owner,
 * mode, time), so the same files always make the same bytes and the same layer digest.
 */

/** One entry of a layer: a directory, a regular file or a symbolic link. */
export interface TarEntry {
  /** Path inside the image, without a leading slash (`usr/local/bin/node`). */
  path: string;
  type: 'dir' | 'file' | 'symlink';
  /** Permission bits, set-id and sticky bits included (`0o1777` for /tmp). */
  mode: number;
  uid: number;
  gid: number;
  /** A file's bytes. */
  content?: Buffer;
  /** A link's target. */
  target?: string;
}

const BLOCK = 512;
const TYPE_FLAG = { file: '0', symlink: '2', dir: '5' } as const;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** `name` and `prefix` of a ustar header for `path`, or undefined when it does not fit them. */
function splitPath(path: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  return undefined;
}

interface Header {
  name: string;
  prefix: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  flag: string;
  link: string;
}

function header(h: Header): Buffer {
  const block = Buffer.alloc(BLOCK);
  const put = (text: string, offset: number, width: number): void => {
    block.write(text, offset, width, 'utf8');
  };
  put(h.name, 0, 100);
  put(octal(h.mode, 8), 100, 8);
  put(octal(h.uid, 8), 108, 8);
  put(octal(h.gid, 8), 116, 8);
  put(octal(h.size, 12), 124, 12);
  put(octal(h.mtime, 12), 136, 12);
  put('        ', 148, 8); // the checksum counts its own field as spaces
  put(h.flag, 156, 1);
  put(h.link, 157, 100);
  put('ustar\0' + '00', 257, 8);
  put(h.prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(octal(sum, 7) + ' ', 148, 8);
  return block;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** A PAX extended header carrying `records` (key → value) for the entry after it. */
function paxHeader(records: Record<string, string>, mtime: number): Buffer[] {
  const body = Object.entries(records)
    .map(([key, value]) => {
      const text = ` ${key}=${value}\n`;
      let length = Buffer.byteLength(text) + 1;
      while (String(length).length + Buffer.byteLength(text) !== length) length += 1;
      return `${String(length)}${text}`;
    })
    .join('');
  const data = Buffer.from(body, 'utf8');
  const h = { name: 'PaxHeader', prefix: '', mode: 0o644, uid: 0, gid: 0, mtime, link: '' };
  return [header({ ...h, size: data.length, flag: 'x' }), data, padding(data.length)];
}

/** The PAX records an entry needs: its path or link target when ustar's fields are too short. */
function paxRecords(path: string, link: string): Record<string, string> {
  const pax: Record<string, string> = {};
  if (splitPath(path) === undefined) pax['path'] = path;
  if (Buffer.byteLength(link) > 100) pax['linkpath'] = link;
  return pax;
}

function entryBlocks(entry: TarEntry, mtime: number): Buffer[] {
  const path = entry.type === 'dir' ? `${entry.path}/` : entry.path;
  const link = entry.target ?? '';
  const split = splitPath(path) ?? { name: path.slice(-100), prefix: '' };
  const pax = paxRecords(path, link);
  const content = entry.type === 'file' ? (entry.content ?? Buffer.alloc(0)) : Buffer.alloc(0);
  const blocks = Object.keys(pax).length > 0 ? paxHeader(pax, mtime) : [];
  blocks.push(
    header({
      ...split,
      mode: entry.mode & 0o7777,
      uid: entry.uid,
      gid: entry.gid,
      size: content.length,
      mtime,
      flag: TYPE_FLAG[entry.type],
      link: pax['linkpath'] === undefined ? link : '',
    }),
  );
  if (content.length > 0) blocks.push(content, padding(content.length));
  return blocks;
}

/** The tar archive of `entries`, in the order given, every entry's time `mtime` (seconds). */
export function tar(entries: readonly TarEntry[], mtime: number): Buffer {
  const blocks = entries.flatMap((entry) => entryBlocks(entry, mtime));
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}
