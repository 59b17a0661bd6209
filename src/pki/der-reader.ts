/**
 * Walks DER-encoded values without decoding them: enough to find the parts of a certificate that
 * `crypto.X509Certificate` does not expose as bytes (the subject name an issuer must copy exactly,
 * the subject key identifier, the public key bits). Malformed input throws {@link DerError}.
 */

/** Bytes that are not the DER expected. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** One encoded value inside a buffer. */
export interface DerValue {
  /** The tag byte. */
  readonly tag: number;
  /** The whole encoding (tag, length, content). */
  readonly encoded: Buffer;
  /** The content only. */
  readonly content: Buffer;
}

function readLength(bytes: Buffer, at: number): { length: number; next: number } {
  const first = bytes[at];
  if (first === undefined) throw new DerError('truncated length');
  if (first < 0x80) return { length: first, next: at + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > 4) throw new DerError('unsupported length form');
  let length = 0;
  for (let i = 1; i <= count; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) throw new DerError('truncated length');
    length = length * 256 + byte;
  }
  return { length, next: at + 1 + count };
}

/** The value that starts at `offset` of `bytes`. */
export function readValue(bytes: Buffer, offset = 0): DerValue {
  const tag = bytes[offset];
  if (tag === undefined) throw new DerError('truncated value');
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  const { length, next } = readLength(bytes, offset + 1);
  if (next + length > bytes.length) throw new DerError('value runs past the end of its container');
  return {
    tag,
    encoded: bytes.subarray(offset, next + length),
    content: bytes.subarray(next, next + length),
  };
}

/** The values one after another in the content of a constructed value. */
export function childrenOf(value: DerValue): DerValue[] {
  const out: DerValue[] = [];
  for (let at = 0; at < value.content.length;) {
    const child = readValue(value.content, at);
    out.push(child);
    at += child.encoded.length;
  }
  return out;
}

/** The dotted form of an OBJECT IDENTIFIER's content. */
export function decodeOid(content: Buffer): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const [first = 0n, ...rest] = arcs;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...rest].join('.');
}
