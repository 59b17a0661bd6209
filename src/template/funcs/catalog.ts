/**
 * The function catalog of spec §6.3: every function a Katalog template may call besides Go's built-ins.
 * Functions never panic and never do I/O; the clock and (optionally) the random source are injected.
 */
import { withArity } from '../exec/func-types.ts';
import { arityOfSignature, withSignature } from '../exec/signature.ts';
import type { FuncMap } from '../exec/func-types.ts';
import { CATALOG_SIGNATURES } from './signatures.ts';
import { CONDITIONAL_FUNCS } from './conditional.ts';
import { CONVERT_FUNCS } from './convert.ts';
import { CRON_FUNCS } from './cron.ts';
import { KUBE_FUNCS } from './kube.ts';
import { MATH_FUNCS } from './math.ts';
import { createRandomFuncs } from './random.ts';
import type { RandomSource } from './random.ts';
import { SEMVER_FUNCS } from './semver.ts';
import { STRING_FUNCS } from './strings.ts';
import { createTimeFuncs } from './time.ts';
import type { Clock } from './time.ts';

/** Options of {@link createFunctionCatalog}. */
export interface CatalogOptions {
  /** The clock of now/date/timeAgo/nextCron (the template layer never reads the real clock itself). */
  clock: Clock;
  /** The random byte source of randomAlphanumeric/randomHex/uuidv4. @default crypto.getRandomValues */
  random?: RandomSource;
}

function cryptoRandom(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** Builds the function catalog. */
export function createFunctionCatalog(options: CatalogOptions): FuncMap {
  const funcs: FuncMap = {
    ...CONDITIONAL_FUNCS,
    ...STRING_FUNCS,
    ...CONVERT_FUNCS,
    ...MATH_FUNCS,
    ...createRandomFuncs(options.random ?? cryptoRandom),
    ...createTimeFuncs(options.clock),
    ...CRON_FUNCS,
    ...KUBE_FUNCS,
    ...SEMVER_FUNCS,
  };
  for (const [name, s] of CATALOG_SIGNATURES) {
    const fn = funcs[name];
    if (fn !== undefined) withSignature(withArity(fn, arityOfSignature(s)), s);
  }
  return funcs;
}
