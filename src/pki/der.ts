/**
 * ASN.1 DER, the encoding of X.509 (ITU-T X.690 §10): the few types a certificate needs, written
 * as one byte string each (tag, definite length, content), and a reader that walks an encoded value
 * without interpreting more than asked. Only low tag numbers (< 31) occur in X.509, so only those
 * are supported.
 */

/** Universal tags used by X.509. */
export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Bit 6 of a tag byte: a constructed value (its content is more values). */
const CONSTRUCTED = 0x20;
/** Bits 7-8 of a tag byte: the context-specific class. */
const CONTEXT = 0x80;

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One value: `tag`, then the length of `content`, then `content`. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(tag), lengthBytes(content.length), content]);
}

/** SEQUENCE of the given encoded values, in order. */
export function sequence(...values: readonly Uint8Array[]): Buffer {
  return tlv(Tag.sequence, Buffer.concat(values));
}

/** SET OF the given encoded values; DER orders them by their encodings. */
export function setOf(...values: readonly Uint8Array[]): Buffer {
  return tlv(Tag.set, Buffer.concat([...values].sort((a, b) => Buffer.compare(a, b))));
}

/**
 * INTEGER of a non-negative value given as big-endian bytes or a bigint: the shortest two's
 * complement form (leading zero bytes dropped, one 0x00 added when the top bit is set).
 */
export function integer(value: Uint8Array | bigint | number): Buffer {
  let bytes: Buffer;
  if (typeof value === 'bigint' || typeof value === 'number') {
    const big = BigInt(value);
    if (big < 0n) throw new RangeError('negative INTEGER values are not supported');
    const hex = big.toString(16);
    bytes = Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, 'hex');
  } else {
    bytes = Buffer.from(value);
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  const content = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), trimmed]) : trimmed;
  return tlv(Tag.integer, content.length === 0 ? Buffer.of(0) : content);
}

/** BOOLEAN (DER: TRUE is 0xff). */
export function boolean(value: boolean): Buffer {
  return tlv(Tag.boolean, Buffer.of(value ? 0xff : 0));
}

/** NULL. */
export function nullValue(): Buffer {
  return tlv(Tag.null, Buffer.alloc(0));
}

/** OBJECT IDENTIFIER from dotted form, e.g. `2.5.29.17`. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const [first = 0n, second = 0n, ...rest] = arcs;
  const bytes: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const groups: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) groups.unshift(Number(v & 0x7fn) | 0x80);
    bytes.push(...groups);
  }
  return tlv(Tag.oid, Buffer.from(bytes));
}

/** OCTET STRING. */
export function octetString(content: Uint8Array): Buffer {
  return tlv(Tag.octetString, content);
}

/** BIT STRING of whole bytes (no unused bits). */
export function bitString(content: Uint8Array): Buffer {
  return tlv(Tag.bitString, Buffer.concat([Buffer.of(0), content]));
}

/**
 * BIT STRING of named bits (bit 0 is the first, most significant, bit), as DER wants it: trailing
 * zero bits dropped and their count given in the first content byte.
 */
export function namedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return tlv(Tag.bitString, Buffer.of(0));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unused = 7 - (highest & 7);
  return tlv(Tag.bitString, Buffer.concat([Buffer.of(unused), bytes]));
}

/** UTF8String. */
export function utf8String(text: string): Buffer {
  return tlv(Tag.utf8String, Buffer.from(text, 'utf8'));
}

/** A character string restricted to ASCII (IA5String); throws on any other character. */
export function ia5Bytes(text: string): Buffer {
  if (!/^\p{ASCII}*$/u.test(text)) {
    throw new RangeError(`${JSON.stringify(text)} is not ASCII (IA5String); write IDNs in their xn-- form`);
  }
  return Buffer.from(text, 'ascii');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A certificate time (RFC 5280 §4.1.2.5): UTCTime for the years 1950-2049, GeneralizedTime
 * otherwise, in whole seconds, UTC.
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(
    date.getUTCMinutes(),
  )}${pad(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(Tag.utcTime, Buffer.from(`${pad(year % 100)}${rest}`));
  return tlv(Tag.generalizedTime, Buffer.from(`${pad(year, 4)}${rest}`));
}

/** `[n] EXPLICIT`: the encoded value wrapped in a constructed context-specific tag. */
export function explicit(tagNumber: number, value: Uint8Array): Buffer {
  return tlv(CONTEXT | CONSTRUCTED | tagNumber, value);
}

/** `[n] IMPLICIT` of a primitive type: `content` under a primitive context-specific tag. */
export function implicit(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(CONTEXT | tagNumber, content);
}

/** The tag byte of `[n]` constructed (e.g. `[3]` extensions). */
export function contextTag(tagNumber: number, constructed: boolean): number {
  return CONTEXT | (constructed ? CONSTRUCTED : 0) | tagNumber;
}
