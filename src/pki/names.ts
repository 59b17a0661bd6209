/**
 * Names in a certificate: the subject (a common name) and the subject alternative names (DNS names
 * and IP addresses) that TLS clients check a server against (RFC 5280 §4.1.2.6, §4.2.1.6).
 */
import { ia5Bytes, implicit, oid, sequence, setOf, utf8String } from './der.ts';

const OID_COMMON_NAME = '2.5.4.3';

/** The Name of a subject with this common name; an empty Name when there is none. */
export function subjectName(commonName: string | undefined): Buffer {
  if (commonName === undefined || commonName === '') return sequence();
  return sequence(setOf(sequence(oid(OID_COMMON_NAME), utf8String(commonName))));
}

function ipv4Bytes(text: string): Buffer | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256)) {
    return undefined;
  }
  return Buffer.from(parts.map(Number));
}

function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  const parts = text.split(':');
  for (const [i, part] of parts.entries()) {
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = ipv4Bytes(part);
      if (v4 === undefined) return undefined;
      out.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(parseInt(part, 16));
    else return undefined;
  }
  return out;
}

function ipv6Bytes(text: string): Buffer | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0] ?? '');
  const tail = halves.length === 2 ? hextets(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = Buffer.alloc(16);
  words.forEach((word, i) => bytes.writeUInt16BE(word, i * 2));
  return bytes;
}

/** The 4 or 16 bytes of an IPv4 or IPv6 address in text form. @throws RangeError when it is neither */
export function ipAddressBytes(text: string): Buffer {
  const bytes = ipv4Bytes(text) ?? ipv6Bytes(text);
  if (bytes === undefined) throw new RangeError(`${JSON.stringify(text)} is not an IP address`);
  return bytes;
}

/** The GeneralNames of a subjectAltName extension: `dNSName [2]` then `iPAddress [7]` entries. */
export function alternativeNames(dnsNames: readonly string[], ipAddresses: readonly string[]): Buffer {
  return sequence(
    ...dnsNames.map((name) => implicit(2, ia5Bytes(name))),
    ...ipAddresses.map((ip) => implicit(7, ipAddressBytes(ip))),
  );
}
