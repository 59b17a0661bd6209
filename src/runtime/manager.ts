/**
 * The manager owns every long-lived part of the process: it starts runnables stage by stage (caches
 * ready before the controllers that read them), reports readiness with reasons, and on abort
 * stops the stages in reverse order within a bounded time.
 */
import type { Clock } from './clock.ts';
import { waitForAbort } from './abort.ts';
import { realClock, sleep } from './clock.ts';

/** Anything long-lived: runs until `signal` aborts, then stops and resolves. */
export interface Runnable {
  readonly name: string;
  /** Runs until `signal` aborts; resolves once stopped. A rejection stops the whole manager. */
  start(signal: AbortSignal): Promise<void>;
  /** Ready to serve (e.g. caches synced, not disconnected too long). Absent: ready once started. */
  ready?(): boolean;
  /** Why it is not ready, one line per reason (shown in health output). */
  notReadyReasons?(): string[];
}

/**
 * Start stages. The API that reports on the others comes first and stops last, as controller-runtime's
 * probes do: /health, /ready (503 with its reasons) and /metrics answer while caches sync, and while a
 * box cannot start at all (its CRD not installed yet), instead of waiting for every box. Then the
 * webhooks (a CRD converted by the runtime cannot be listed before they serve), then caches, then the
 * controllers that read them, then servers that need running controllers.
 */
export const Stage = Object.freeze({ api: 0, webhooks: 5, caches: 10, controllers: 20, servers: 30 });

/** Options of {@link Manager}. */
export interface ManagerOptions {
  /** @default realClock */
  clock?: Clock;
  /** Upper bound for the whole stop after the abort. @default 30_000 */
  gracefulShutdownMs?: number;
  /** How often a stage's readiness is checked before the next stage starts. @default 100 */
  readyPollMs?: number;
}

/** Readiness of the process, with one reason per part that is not ready. */
export interface Readiness {
  ready: boolean;
  reasons: string[];
}

/** How the stop went. */
export interface StopReport {
  /** Runnables that did not resolve within the graceful shutdown time. */
  timedOut: string[];
  /** Runnables whose start rejected. */
  errors: { name: string; error: unknown }[];
}

/** A started (or pending) runnable; `stop` stops and forgets just this one. */
export interface RunnableHandle {
  stop(): Promise<void>;
}

interface Entry {
  runnable: Runnable;
  stage: number;
  abort: AbortController;
  running: Promise<void> | undefined;
  settled: boolean;
}

/** Starts, watches and stops runnables. One per process. */
export class Manager {
  readonly #clock: Clock;
  readonly #options: ManagerOptions;
  readonly #entries = new Set<Entry>();
  readonly #failed = new AbortController();
  readonly #errors: StopReport['errors'] = [];
  #state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';

  constructor(options: ManagerOptions = {}) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
  }

  /**
   * Registers a runnable in a stage (lower stages start first and must be ready before higher
   * ones start). Added while running, it starts at once. @default stage Stage.controllers
   */
  add(runnable: Runnable, stage: number = Stage.controllers): RunnableHandle {
    const entry: Entry = {
      runnable,
      stage,
      abort: new AbortController(),
      running: undefined,
      settled: false,
    };
    this.#entries.add(entry);
    if (this.#state === 'running') this.#run(entry);
    return {
      stop: async () => {
        entry.abort.abort();
        await entry.running;
        this.#entries.delete(entry);
      },
    };
  }

  /** Ready when running and every runnable is ready; otherwise the reasons why not. */
  readiness(): Readiness {
    const starting = this.#state === 'starting';
    if (this.#state !== 'running' && !starting) return { ready: false, reasons: [`manager ${this.#state}`] };
    // While starting, the runnables already started say what they wait for (a box whose CRD is missing).
    const reasons: string[] = starting ? ['manager starting'] : [];
    // Probes poll this: with a thousand boxes syncing, the reasons of the first few say enough, and
    // building (and serialising) every one on each poll cost a starting process CPU it needs.
    let notReady = 0;
    for (const entry of this.#entries) {
      if (!isNotReady(entry)) continue;
      if (++notReady <= MAX_REASONS) reasons.push(...notReadyReasonsOf(entry));
    }
    if (notReady > MAX_REASONS) reasons.push(`… and ${String(notReady - MAX_REASONS)} more not ready`);
    return { ready: reasons.length === 0, reasons };
  }

  /**
   * Starts the stages in order and runs until `signal` aborts (or a runnable fails), then stops
   * the stages in reverse order, waiting at most `gracefulShutdownMs` in total.
   */
  async start(signal: AbortSignal): Promise<StopReport> {
    if (this.#state !== 'new') throw new Error('manager already started');
    this.#state = 'starting';
    const stop = AbortSignal.any([signal, this.#failed.signal]);
    for (const stage of this.#stages()) {
      if (stop.aborted) break;
      for (const entry of this.#inStage(stage)) this.#run(entry);
      await this.#waitReady(stage, stop);
    }
    if (!stop.aborted) this.#state = 'running';
    await waitForAbort(stop);
    return this.#stopAll();
  }

  #stages(): number[] {
    return [...new Set([...this.#entries].map((e) => e.stage))].sort((a, b) => a - b);
  }

  #inStage(stage: number): Entry[] {
    return [...this.#entries].filter((e) => e.stage === stage);
  }

  #run(entry: Entry): void {
    if (entry.running !== undefined) return;
    entry.running = entry.runnable.start(entry.abort.signal).then(
      () => {
        entry.settled = true;
      },
      (error: unknown) => {
        entry.settled = true;
        this.#errors.push({ name: entry.runnable.name, error });
        this.#failed.abort(error);
      },
    );
  }

  async #waitReady(stage: number, signal: AbortSignal): Promise<void> {
    const poll = this.#options.readyPollMs ?? 100;
    const entries = this.#inStage(stage);
    while (!signal.aborted && !entries.every((e) => e.runnable.ready?.() ?? true)) {
      await sleep(this.#clock, poll, signal).catch(() => undefined);
    }
  }

  async #stopAll(): Promise<StopReport> {
    this.#state = 'stopping';
    const deadline = this.#clock.now() + (this.#options.gracefulShutdownMs ?? 30_000);
    const timedOut: string[] = [];
    for (const stage of this.#stages().reverse()) {
      const entries = this.#inStage(stage);
      for (const entry of entries) entry.abort.abort();
      await this.#settleUntil(entries, deadline);
      timedOut.push(...entries.filter((e) => e.running && !e.settled).map((e) => e.runnable.name));
    }
    this.#state = 'stopped';
    return { timedOut, errors: [...this.#errors] };
  }

  async #settleUntil(entries: Entry[], deadline: number): Promise<void> {
    const remaining = deadline - this.#clock.now();
    const all = Promise.all(entries.flatMap((e) => (e.running ? [e.running] : [])));
    if (remaining <= 0) {
      // Past the deadline: one turn of the event loop for runnables that stop at once.
      await Promise.race([all, new Promise((resolve) => setImmediate(resolve))]);
      return;
    }
    const timer = new AbortController();
    await Promise.race([all, sleep(this.#clock, remaining, timer.signal).catch(() => undefined)]);
    timer.abort();
  }
}

/** How many not-ready runnables readiness() gives the reasons of. */
const MAX_REASONS = 20;

/** A started runnable that is not ready. */
function isNotReady({ runnable, running }: Entry): boolean {
  return running !== undefined && !(runnable.ready?.() ?? true);
}

/** Why a not-ready runnable is not ready. */
function notReadyReasonsOf({ runnable }: Entry): string[] {
  const details = runnable.notReadyReasons?.() ?? [];
  return details.length > 0 ? details : [`${runnable.name}: not ready`];
}
