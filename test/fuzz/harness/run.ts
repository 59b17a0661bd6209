/**
 * Runs `ork` for a fuzz case under the case bounds, isolated from the test process: in a warm worker
 * thread from a small pool (heap capped by the worker's resource limits, terminated after the
 * wall-clock bound), or in a child process for inputs a thread cannot be freed from (FIFOs, devices).
 * A worker that was terminated, ran out of memory or died is replaced; one that answered is reused.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CASE_HEAP_MB, CASE_TIMEOUT_MS, POOL_SIZE } from './bounds.ts';
import type { WorkerReply } from './worker.ts';

/** How a run ended, before its output is judged. */
export type RunEnd =
  | { readonly kind: 'exit'; readonly code: number; readonly out: string; readonly err: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'oom' }
  | { readonly kind: 'crash'; readonly detail: string };

/** A finished run: how it ended and how long it took. */
export type RunResult = RunEnd & { readonly ms: number };

const WORKER = new URL('./worker.ts', import.meta.url);
const CHILD = fileURLToPath(new URL('./cli-child.ts', import.meta.url));

/** One warm worker, ready for a case. */
function startWorker(): Promise<Worker> {
  const worker = new Worker(WORKER, {
    resourceLimits: { maxOldGenerationSizeMb: CASE_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise((resolve, reject) => {
    worker.once('message', () => {
      resolve(worker);
    });
    worker.once('error', reject);
  });
}

function describeError(error: unknown): RunEnd {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return { kind: 'oom' };
  return { kind: 'crash', detail: error instanceof Error ? error.message : String(error) };
}

/** Runs one case on `worker`; resolves with how it ended and whether the worker can be reused. */
function runOnWorker(
  worker: Worker,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ end: RunEnd; reusable: boolean }> {
  return new Promise((resolve) => {
    const finish = (end: RunEnd, reusable: boolean) => {
      clearTimeout(timer);
      worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
      if (!reusable) void worker.terminate();
      resolve({ end, reusable });
    };
    const timer = setTimeout(() => {
      finish({ kind: 'timeout' }, false);
    }, timeoutMs);
    worker.once('message', (reply: WorkerReply) => {
      finish({ kind: 'exit', ...reply }, true);
    });
    worker.once('error', (error) => {
      finish(describeError(error), false);
    });
    worker.once('exit', (code) => {
      finish({ kind: 'crash', detail: `worker exited with ${String(code)}` }, false);
    });
    worker.postMessage({ args });
  });
}

/**
 * A small pool of warm workers; `run` waits for a free one. A worker that cannot be reused is
 * replaced at once, in the background: starting one (loading the CLI from source) takes seconds.
 */
export class WorkerPool {
  private readonly warm: Promise<Worker>[] = [];
  private readonly waiting: (() => void)[] = [];
  private busy = 0;

  async run(args: readonly string[], timeoutMs = CASE_TIMEOUT_MS): Promise<RunResult> {
    while (this.busy >= POOL_SIZE) await new Promise<void>((r) => this.waiting.push(r));
    this.busy++;
    try {
      const worker = await (this.warm.shift() ?? startWorker());
      const started = performance.now();
      const { end, reusable } = await runOnWorker(worker, args, timeoutMs);
      this.warm.push(reusable ? Promise.resolve(worker) : startWorker());
      return { ...end, ms: Math.round(performance.now() - started) };
    } finally {
      this.busy--;
      this.waiting.shift()?.();
    }
  }

  /** Ends every worker (call after the last case). */
  async close(): Promise<void> {
    const workers = await Promise.allSettled(this.warm.splice(0));
    const started = workers.flatMap((w) => (w.status === 'fulfilled' ? [w.value] : []));
    await Promise.all(started.map((w) => w.terminate()));
  }
}

/** Runs one case as a child process (`node --max-old-space-size=512 cli-child.ts ...`). */
export function runInChild(args: readonly string[], timeoutMs = CASE_TIMEOUT_MS): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${String(CASE_HEAP_MB)}`, CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (s: string) => out.push(s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => err.push(s));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      const stderr = err.join('');
      if (timedOut) resolve({ kind: 'timeout', ms });
      else if (/heap out of memory/i.test(stderr)) resolve({ kind: 'oom', ms });
      else if (code === null) resolve({ kind: 'crash', detail: `killed by ${String(signal)}`, ms });
      else resolve({ kind: 'exit', code, out: out.join(''), err: stderr, ms });
    });
  });
}
