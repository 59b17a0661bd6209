/**
 * Random values and ids: randomAlphanumeric randomHex uuidv4, drawing bytes from an injected source.
 */
import type { FuncMap } from '../exec/func-types.ts';
import { int } from './args.ts';

/** Fills n random bytes. */
export type RandomSource = (n: number) => Uint8Array;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAX_LENGTH = 4096;

function length(n: unknown): number {
  const len = int(n);
  if (len < 0 || len > MAX_LENGTH) throw new Error(`length must be between 0 and ${MAX_LENGTH}`);
  return len;
}

/** The random functions over a byte source. */
export function createRandomFuncs(random: RandomSource): FuncMap {
  return {
    randomAlphanumeric: (n) => {
      const len = length(n);
      let out = '';
      while (out.length < len) {
        for (const b of random(len)) if (b < 248 && out.length < len) out += ALPHANUMERIC[b % 62] ?? '';
      }
      return out;
    },
    randomHex: (n) => {
      const len = length(n);
      return Array.from(random(Math.ceil(len / 2)), (b) => b.toString(16).padStart(2, '0'))
        .join('')
        .slice(0, len);
    },
    uuidv4: () => {
      const b = random(16);
      b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
      b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
      const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}
