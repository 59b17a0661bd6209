/**
 * The webhooks of one `ork run`, a Runnable: gets the certificates, serves every feature's routes on
 * the one HTTPS listener, registers them with the API server (retrying until it answers), follows the
 * certificate source's changes, and on a clean stop removes the configurations when asked to.
 * It starts before the caches: a CRD served through conversion cannot be listed without it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient, KubeObject } from '../kube/index.ts';
import type { Logger } from '../observability/index.ts';
import { backoffMs } from '../util/index.ts';
import type { CertificateSource, TrustedCertificates } from './certificate-source.ts';
import { clientConfigFor, withListenerPort, type WebhookEndpoint } from './endpoint.ts';
import type { WebhookFeature } from './feature.ts';
import { register, unregister } from './registration.ts';
import type { WebhookRoute } from './reviews.ts';
import { WebhookServer, type WebhookServerOptions } from './server.ts';

/** What the webhooks of a run need. */
export interface WebhookRuntimeOptions {
  readonly client: KubeClient;
  readonly features: readonly WebhookFeature[];
  readonly certificates: CertificateSource;
  readonly endpoint: WebhookEndpoint;
  /** The listener's port (0 picks a free one) and bind address. */
  readonly listen: { readonly port: number; readonly host?: string | undefined };
  /** Remove the webhook configurations on a clean stop. */
  readonly cleanupOnShutdown: boolean;
  readonly logger: Logger;
  readonly onServed?: WebhookServerOptions['onServed'];
}

const REGISTER_BACKOFF = { initialMs: 500, maxMs: 30_000, jitter: [0.5, 1.5] } as const;

/** Every route of every feature; two features claiming one path is a bug. */
function routesOf(features: readonly WebhookFeature[]): Map<string, WebhookRoute> {
  const routes = new Map<string, WebhookRoute>();
  for (const feature of features) {
    for (const [path, route] of feature.routes) {
      if (routes.has(path)) throw new Error(`two webhook features serve ${path}`);
      routes.set(path, route);
    }
  }
  return routes;
}

/** The webhook listener and its registrations, as one Runnable. */
export class WebhookRuntime {
  readonly name = 'webhooks';
  readonly #options: WebhookRuntimeOptions;
  #server: WebhookServer | undefined;
  #registered: readonly KubeObject[] = [];
  #ready = false;
  #lastError: string | undefined;

  constructor(options: WebhookRuntimeOptions) {
    this.#options = options;
  }

  /** The listener's port, once it listens. */
  get port(): number | undefined {
    return this.#server?.port;
  }

  ready(): boolean {
    return this.#ready;
  }

  notReadyReasons(): string[] {
    if (this.#ready) return [];
    return [`webhooks not registered yet${this.#lastError === undefined ? '' : `: ${this.#lastError}`}`];
  }

  async start(signal: AbortSignal): Promise<void> {
    const { certificates, features, listen, logger } = this.#options;
    const first = await certificates.load(signal);
    const server = new WebhookServer(routesOf(features), first.serving, {
      port: listen.port,
      ...(listen.host === undefined ? {} : { host: listen.host }),
      ...(this.#options.onServed === undefined ? {} : { onServed: this.#options.onServed }),
    });
    this.#server = server;
    await server.start(signal);
    logger.info('webhooks listening', { port: server.port, features: features.map((f) => f.name) });
    await this.#registerUntilDone(first, signal);
    if (signal.aborted) return;
    this.#ready = true;
    const maintained =
      certificates.maintain?.(signal, (next) => this.#use(next, signal)) ?? Promise.resolve();
    const aborted = new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => {
        resolve();
      });
    });
    await Promise.all([maintained, aborted]);
    if (this.#options.cleanupOnShutdown) await this.#cleanup();
  }

  /** Serves new certificates: registers their bundle first, so the API server trusts them when served. */
  async #use(next: TrustedCertificates, signal: AbortSignal): Promise<void> {
    await this.#registerUntilDone(next, signal);
    this.#server?.useCertificate(next.serving);
  }

  async #registerUntilDone(certificates: TrustedCertificates, signal: AbortSignal): Promise<void> {
    const objects = this.#registrations(certificates);
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        for (const feature of this.#options.features) await feature.verify?.(this.#options.client);
        await register(this.#options.client, objects);
        this.#registered = objects;
        this.#lastError = undefined;
        return;
      } catch (error) {
        this.#lastError = error instanceof Error ? error.message : String(error);
        this.#options.logger.warn('webhooks: registration failed; retrying', { error: this.#lastError });
        await sleep(backoffMs(attempt, REGISTER_BACKOFF), undefined, { signal }).catch(() => undefined);
      }
    }
  }

  #registrations(certificates: TrustedCertificates): KubeObject[] {
    const endpoint = withListenerPort(this.#options.endpoint, this.#server?.port ?? 0);
    const context = {
      clientConfig: (path: string) => clientConfigFor(endpoint, path),
      caBundle: Buffer.from(certificates.caBundlePem).toString('base64'),
    };
    return this.#options.features.flatMap((feature) => feature.registrations(context));
  }

  async #cleanup(): Promise<void> {
    try {
      await unregister(this.#options.client, this.#registered);
      this.#options.logger.info('webhooks: configurations removed');
    } catch (error) {
      this.#options.logger.warn('webhooks: could not remove the configurations', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
