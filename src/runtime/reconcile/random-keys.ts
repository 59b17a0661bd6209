/** The runtime's {@link KeySource}: ECDSA P-256 key pairs and random 128-bit serial numbers. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeySource } from './ports.ts';

/**
 * New keys from node:crypto. P-256: every TLS client and the Kubernetes API server take it, and a key
 * is made in well under a millisecond (an RSA 2048 key takes tens to hundreds).
 */
export const randomKeys: KeySource = {
  newKeyPair: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  newSerialNumber: () => {
    const serial = randomBytes(16);
    serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40; // positive, and never shorter than 16 bytes
    return serial;
  },
};
