/**
 * The bounds every fuzz case runs under (the acceptance: none exceeds 10 s or 512 MB), and
 * how many generated inputs each property tries. `ORK_FUZZ_RUNS` multiplies the run counts for a
 * longer search; `ORK_FUZZ_SEED` replays a run (every failure prints its seed and path).
 */

/** Wall-clock bound of one case, from the moment it is handed to a warm worker. */
export const CASE_TIMEOUT_MS = 10_000;

/**
 * Wall-clock bound of a case listed in known-failing.ts: it only has to show that it still fails,
 * and a hang shows that in 3 s as well as in 10 (the full bound applies once it is taken out).
 */
export const KNOWN_FAILING_TIMEOUT_MS = 3_000;

/** V8 old-generation heap bound of one case, in MB. */
export const CASE_HEAP_MB = 512;

/** Workers (or child processes) that run cases side by side in one test file. */
export const POOL_SIZE = Math.max(1, Number(process.env['ORK_FUZZ_WORKERS'] ?? 2) || 2);

const factor = Math.max(1, Number(process.env['ORK_FUZZ_RUNS'] ?? 1) || 1);

/** A property's run count: `base` by default, `base * ORK_FUZZ_RUNS` when set. */
export function runs(base: number): number {
  return Math.round(base * factor);
}

/** The seed of every property of this process: `ORK_FUZZ_SEED`, or a fresh one printed on failure. */
export const SEED = Number(process.env['ORK_FUZZ_SEED'] ?? Date.now() % 2 ** 31) | 0;
