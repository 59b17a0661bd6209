import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { integer, namedBits, octetString, oid, sequence, setOf, time, utf8String } from './der.ts';
import { childrenOf, decodeOid, DerError, readValue } from './der-reader.ts';
import { ipAddressBytes } from './names.ts';

const hex = (bytes: Buffer) => bytes.toString('hex');

describe('DER encoding', () => {
  it('writes INTEGERs in their shortest two’s complement form', () => {
    assert.equal(hex(integer(0)), '020100');
    assert.equal(hex(integer(127)), '02017f');
    assert.equal(hex(integer(128)), '02020080');
    assert.equal(hex(integer(256n)), '02020100');
    assert.equal(hex(integer(Buffer.from('0000ff', 'hex'))), '020200ff');
    assert.equal(hex(integer(Buffer.from('0001', 'hex'))), '020101');
  });

  it('writes OIDs with base-128 arcs (the RSA arc as in RFC 8017)', () => {
    assert.equal(hex(oid('1.2.840.113549')), '06062a864886f70d');
    assert.equal(hex(oid('2.5.29.17')), '0603551d11');
    assert.equal(decodeOid(oid('1.3.6.1.5.5.7.3.1').subarray(2)), '1.3.6.1.5.5.7.3.1');
    assert.equal(decodeOid(oid('2.999.3').subarray(2)), '2.999.3');
  });

  it('switches to the long length form past 127 content bytes', () => {
    const long = octetString(Buffer.alloc(200, 1));
    assert.equal(hex(long.subarray(0, 3)), '0481c8');
    assert.equal(hex(octetString(Buffer.alloc(300)).subarray(0, 4)), '0482012c');
    assert.equal(readValue(long).content.length, 200);
  });

  it('drops trailing zero bits of a named BIT STRING and counts them', () => {
    // digitalSignature (0) and keyCertSign (5): 1000 0100, two unused bits
    assert.equal(hex(namedBits([0, 5])), '03020284');
    // digitalSignature alone: seven unused bits
    assert.equal(hex(namedBits([0])), '03020780');
    // decipherOnly (8) needs a second byte
    assert.equal(hex(namedBits([0, 8])), '0303078080');
  });

  it('writes UTCTime until 2049 and GeneralizedTime from 2050 on, in whole seconds', () => {
    assert.equal(time(new Date('2026-01-02T03:04:05.678Z')).toString('latin1', 2), '260102030405Z');
    assert.equal(time(new Date('2049-12-31T23:59:59Z'))[0], 0x17);
    const later = time(new Date('2050-01-01T00:00:00Z'));
    assert.equal(later[0], 0x18);
    assert.equal(later.toString('latin1', 2), '20500101000000Z');
  });

  it('orders SET OF elements by their encodings', () => {
    const b = utf8String('b');
    const a = utf8String('a');
    assert.deepEqual(setOf(b, a), setOf(a, b));
  });

  it('walks nested values and refuses truncated ones', () => {
    const value = sequence(integer(1), sequence(utf8String('x')));
    const [one, inner] = childrenOf(readValue(value));
    assert.equal(one?.content[0], 1);
    assert.equal(childrenOf(inner!)[0]?.content.toString(), 'x');
    assert.throws(() => readValue(value.subarray(0, value.length - 1)), DerError);
  });
});

describe('IP addresses', () => {
  it('reads IPv4 and every IPv6 form into their bytes', () => {
    assert.equal(hex(ipAddressBytes('127.0.0.1')), '7f000001');
    assert.equal(hex(ipAddressBytes('::1')), `${'0'.repeat(30)}01`);
    assert.equal(hex(ipAddressBytes('2001:db8::8:800:200c:417a')), '20010db80000000000080800200c417a');
    assert.equal(hex(ipAddressBytes('::ffff:192.0.2.1')), '00000000000000000000ffffc0000201');
    assert.equal(hex(ipAddressBytes('1:2:3:4:5:6:7:8')), '00010002000300040005000600070008');
  });

  it('refuses what is not an address', () => {
    for (const bad of ['256.0.0.1', '1.2.3', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7', 'example.com', '']) {
      assert.throws(() => ipAddressBytes(bad), RangeError, bad);
    }
  });
});
