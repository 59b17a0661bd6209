/**
 * The webhook listener in a thread of its own, as the run sees it: the same surface as the inline
 * {@link WebhookServer} (start, port, useCertificate). Why a thread: the API server calls the
 * webhooks on the path of every create and update, and in the run's main thread those calls waited
 * behind reconciles and behind the garbage collections of the operator's heap (pauses of 5-25 ms
 * under a burst). The thread has its own event loop and a small heap of its own.
 * A thread that dies is started again on the same port, with the certificate served last.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Logger } from '../observability/index.ts';
import { backoffMs } from '../util/index.ts';
import type { WebhookMetrics } from './feature.ts';
import type { ListenerThreadInput, RunMessage, ThreadMessage } from './listener-thread-messages.ts';
import type { ServingCertificate } from './server.ts';

/** Starts the thread; tests pass their own to reach the Worker. */
export type SpawnWorker = (script: URL, options: WorkerOptions) => Worker;

/** Options of {@link ListenerThread}. */
export interface ListenerThreadOptions {
  /** What the thread serves, less the certificate (given to start). */
  readonly input: Omit<ListenerThreadInput, 'certificate'>;
  readonly certificate: ServingCertificate;
  /** Where the handlers' records go. @default nowhere */
  readonly metrics?: WebhookMetrics | undefined;
  readonly logger: Logger;
  /** @default `new Worker(script, options)` */
  readonly spawn?: SpawnWorker | undefined;
}

const RESTART_BACKOFF = { initialMs: 100, maxMs: 10_000, jitter: [0.8, 1.2] } as const;

/** The dist bundle has the thread's entry next to every chunk; the sources next to this file. */
const SCRIPT = new URL(
  import.meta.url.endsWith('.ts') ? './webhook-worker.ts' : './webhook-worker.js',
  import.meta.url,
);

/** The webhook listener, served by a worker thread. */
export class ListenerThread {
  readonly name = 'webhooks';
  readonly #options: ListenerThreadOptions;
  #certificate: ServingCertificate;
  #worker: Worker | undefined;
  #port: number | undefined;
  #stopping = false;

  constructor(options: ListenerThreadOptions) {
    this.#options = options;
    this.#certificate = options.certificate;
  }

  /** The port it listens on, once started. */
  get port(): number | undefined {
    return this.#port;
  }

  /** Starts the thread; resolves once it listens. Stops it when `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener(
      'abort',
      () => {
        this.#stop();
      },
      { once: true },
    );
    await this.#spawn(this.#options.input.listen.port);
  }

  /** Serves `certificate` to every connection made from now on (and after a restart). */
  useCertificate(certificate: ServingCertificate): void {
    this.#certificate = certificate;
    this.#post({ type: 'certificate', certificate });
  }

  #post(message: RunMessage): void {
    this.#worker?.postMessage(message);
  }

  /** Read through a call: the run may stop while a restart waits. */
  #stopped(): boolean {
    return this.#stopping;
  }

  #stop(): void {
    this.#stopping = true;
    this.#post({ type: 'stop' });
  }

  /** One thread, until it listens (resolves) or fails first (rejects). */
  #spawn(port: number): Promise<void> {
    const spawn = this.#options.spawn ?? ((script, options) => new Worker(script, options));
    const input: ListenerThreadInput = {
      ...this.#options.input,
      listen: { ...this.#options.input.listen, port },
      certificate: this.#certificate,
    };
    const worker = spawn(SCRIPT, { workerData: input });
    this.#worker = worker;
    return new Promise((resolve, reject) => {
      let listening = false;
      let failure: Error | undefined;
      worker.on('message', (message: ThreadMessage) => {
        if (message.type === 'listening') {
          listening = true;
          this.#port = message.port;
          resolve();
        } else this.#record(message);
      });
      worker.on('error', (error: Error) => {
        failure = error;
      });
      worker.once('exit', (code) => {
        if (!listening) reject(failure ?? new Error(`the webhook thread exited with code ${code}`));
        else if (!this.#stopping) void this.#restart(failure ?? new Error(`exit code ${code}`));
      });
    });
  }

  #record(message: Extract<ThreadMessage, { type: 'metric' }>): void {
    const metrics = this.#options.metrics;
    if (metrics === undefined) return;
    const { name, labels, value } = message;
    if (name === 'admissionRequests' || name === 'conversionRequests') metrics[name].inc(labels);
    else metrics[name].observe(labels, value ?? 0);
  }

  /** Starts the thread again on the same port, with backoff, until it listens or the run stops. */
  async #restart(cause: Error): Promise<void> {
    const { logger } = this.#options;
    logger.error('webhooks: the listener thread stopped; starting it again', { error: cause.message });
    for (let attempt = 0; ; attempt++) {
      await sleep(backoffMs(attempt, RESTART_BACKOFF));
      if (this.#stopped()) return;
      try {
        await this.#spawn(this.#port ?? this.#options.input.listen.port);
        logger.info('webhooks: the listener thread serves again', { port: this.#port });
        return;
      } catch (error) {
        logger.error('webhooks: the listener thread did not start', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
