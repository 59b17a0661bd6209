/**
 * Gives the memory of a burst back to the operating system once the operators are quiet again.
 *
 * Under a burst (1,000 CRs created at once) V8 grows its young generation (up to the
 * --max-semi-space-size bin/ork.js sets) and its old space, and keeps both for as long as the process
 * lives: its regular collections free objects but not those pages. Only a memory-reducing full
 * collection (V8's "last resort" flavour: compacts, shrinks the young generation, unmaps the freed
 * pages) gives them back. The settler runs one when the heap holds much more than it uses, no box
 * has work queued or in flight, and the heap has grown since the last settling: a process pays a
 * collection (tens of ms) only after work grew its heap — after a burst, after a resync of many CRs
 * — and a busy one is never paused. Busy means work queued or running at the check, and also work
 * done during the interval before it: a process answering a steady stream of webhook reviews (or
 * watch events) between reconciles has empty queues at most instants, and a sync full collection
 * (30–130 ms) would stall every review that arrives meanwhile. The first time the process is quiet it settles whatever the
 * slack: start-up (loading code, compiling the Katalog's templates, listing every watched type)
 * leaves ~4 MB of pages a running operator never needs again, short of the slack threshold. The
 * collection is injected: `ork run` passes V8's `gc` (exposed by bin/ork.js).
 */
import { realClock, sleep, type Clock } from './clock.ts';
import type { Runnable } from './manager.ts';

const MB = 1024 * 1024;

/** The heap's committed and used bytes. */
export interface HeapSize {
  total: number;
  used: number;
}

/** What a {@link HeapSettler} looks at and does. */
export interface HeapSettlerOptions {
  heap: () => HeapSize;
  /** True when no work is queued or running. */
  quiet: () => boolean;
  /** A memory-reducing full collection. */
  collect: () => void;
  /**
   * The share (0–1) of the time since its previous call that the event loop spent working, e.g.
   * from `performance.eventLoopUtilization`. @default always 0
   */
  busyFraction?: () => number;
  /** Above this share of the last interval spent working, the process is busy. @default 0.05 */
  maxBusyFraction?: number;
  /** @default 2000 */
  intervalMs?: number;
  /** Unused heap worth a collection, and growth worth another. @default 4 MB */
  minSlackBytes?: number;
  clock?: Clock;
}

/** Runs a memory-reducing collection when a quiet process holds much more heap than it uses. */
export class HeapSettler implements Runnable {
  readonly name = 'heap-settler';
  readonly #options: HeapSettlerOptions;
  #settledTotal = 0;
  #collections = 0;

  constructor(options: HeapSettlerOptions) {
    this.#options = options;
  }

  /** Collections run so far. */
  get collections(): number {
    return this.#collections;
  }

  async start(signal: AbortSignal): Promise<void> {
    const clock = this.#options.clock ?? realClock;
    const interval = this.#options.intervalMs ?? 2000;
    const stopped = (): boolean => signal.aborted;
    while (!stopped()) {
      await sleep(clock, interval, signal).catch(() => undefined);
      if (!stopped()) this.check();
    }
  }

  /** Collects if it is worth it now; returns whether it did. */
  check(): boolean {
    // sampled at every check, so that it always covers the interval since the previous one
    const busy = this.#options.busyFraction?.() ?? 0;
    if (this.#collections > 0 && !this.#worthIt()) return false;
    if (busy > (this.#options.maxBusyFraction ?? 0.05) || !this.#options.quiet()) return false;
    this.#options.collect();
    this.#collections += 1;
    this.#settledTotal = this.#options.heap().total;
    return true;
  }

  #worthIt(): boolean {
    const slack = this.#options.minSlackBytes ?? 4 * MB;
    const { total, used } = this.#options.heap();
    // Worth a full collection: at least `slack`, and a tenth of the live heap (a big heap pays more).
    if (total - used < Math.max(slack, used / 10)) return false;
    return total >= this.#settledTotal + slack; // and the heap grew since the last settling
  }
}
