/**
 * The webhooks of `ork run`, wired from the run's input and settings: which security the environment
 * turns on besides the Katalog, where the API server reaches the listener, and where the certificate
 * comes from. The webhooks module is imported only when something needs it.
 */
import type { KubeClient } from '../../kube/index.ts';
import type { Logger, RuntimeMetrics } from '../../observability/index.ts';
import { servesWebhooks, type Plan, type SecurityPlan } from '../../plan/index.ts';
import type { Runnable } from '../../runtime/index.ts';
import type { CertificateChoice, WebhookEndpoint } from '../../webhooks/index.ts';

/** The listener's settings, read once by the CLI. */
export interface WebhookSettings {
  /** @default 9443; 0 picks a free port. */
  readonly port?: number | undefined;
  /** Bind address. @default '0.0.0.0' */
  readonly host?: string | undefined;
  /** Where the API server reaches the listener. @default in a pod, the Service; outside, 127.0.0.1 */
  readonly endpoint?: WebhookEndpoint | undefined;
  /** A certificate the user provides: a directory holding tls.crt, tls.key and ca.crt. */
  readonly certificateDirectory?: string | undefined;
  /** A certificate the user provides: a Secret holding tls.crt, tls.key and ca.crt (e.g. cert-manager's). */
  readonly certificateSecret?: { readonly namespace: string; readonly name: string } | undefined;
  /** Namespace of the self-managed certificate's Secret outside a pod (in one: POD_NAMESPACE). @default 'default' */
  readonly secretNamespace?: string | undefined;
}

/** A Katalog asks for something the run cannot give; nothing is started. */
export class WebhookSettingsError extends Error {
  override readonly name = 'WebhookSettingsError';
}

/** The Katalog's security with what the environment turns on (`ENABLE_ADMISSION_WEBHOOK=true`, spec §9.4). */
export function effectiveSecurity(
  security: SecurityPlan,
  env: Readonly<Record<string, string | undefined>>,
): SecurityPlan {
  if (env['ENABLE_ADMISSION_WEBHOOK'] !== 'true' || security.webhooks.admission.enabled) return security;
  const admission = { ...security.webhooks.admission, enabled: true };
  return { ...security, webhooks: { ...security.webhooks, admission } };
}

/** Refuses conversion paths that no webhook would serve: a key the runtime does not honour is refused. */
export function checkConversionServed(plans: readonly Plan[], security: SecurityPlan): void {
  if (security.webhooks.conversion.enabled) return;
  const declaring = plans.filter((p) => p.enabled && p.conversion !== undefined).map((p) => p.key);
  if (declaring.length === 0) return;
  throw new WebhookSettingsError(
    `${declaring.join(', ')} declare${declaring.length === 1 ? 's' : ''} conversion paths, but the conversion ` +
      'webhook is off: set security.webhooks.conversion.enabled: true',
  );
}

/** Where the API server reaches the listener when the settings do not say: a pod's Service, or loopback. */
export function defaultEndpoint(env: Readonly<Record<string, string | undefined>>): WebhookEndpoint {
  const namespace = env['POD_NAMESPACE'];
  if (env['KUBERNETES_SERVICE_HOST'] !== undefined && namespace !== undefined && namespace !== '') {
    const name = env['ORKESTRA_SERVICE_NAME'] ?? env['ORK_SERVICE_NAME'] ?? 'orkestra';
    return { kind: 'service', name, namespace, port: 443 };
  }
  return { kind: 'url', host: '127.0.0.1' };
}

/** The Secret of a Katalog's self-managed webhook certificate. */
export function certificateSecretName(katalogName: string): string {
  return `orkestra-${katalogName}-webhook-tls`;
}

/** Where the run's certificates come from: the user's when given, else the self-managed Secret. */
export function certificateChoice(
  wiring: Pick<WebhookWiring, 'katalogName' | 'security' | 'settings' | 'env'>,
): CertificateChoice {
  const { settings, security } = wiring;
  const { certificateDirectory: path, certificateSecret: secret } = settings;
  if (path !== undefined && secret !== undefined) {
    throw new WebhookSettingsError('give the webhook certificate as a directory or as a Secret, not both');
  }
  if (path !== undefined) return { kind: 'directory', path };
  if (secret !== undefined) return { kind: 'secret', ...secret };
  const { validForMs, rotateBeforeMs } = security.certificates;
  if (rotateBeforeMs >= validForMs) {
    throw new WebhookSettingsError('security.certificates.rotateBefore must be shorter than validFor');
  }
  const namespace = wiring.env['POD_NAMESPACE'] || settings.secretNamespace || 'default';
  const name = certificateSecretName(wiring.katalogName);
  return { kind: 'managed', namespace, name, validForMs, rotateBeforeMs };
}

/** What the webhooks are built from. */
export interface WebhookWiring {
  readonly katalogName: string;
  readonly plans: readonly Plan[];
  readonly security: SecurityPlan;
  readonly settings: WebhookSettings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly client: KubeClient;
  readonly logger: Logger;
  /** Where the webhooks count their reviews. @default none */
  readonly metrics?: RuntimeMetrics | undefined;
}

/** The webhook Runnable of a run, or undefined when the Katalog turns no webhook on. */
export async function webhookRunnable(
  wiring: WebhookWiring,
): Promise<(Runnable & { port?: number }) | undefined> {
  checkConversionServed(wiring.plans, wiring.security);
  if (!servesWebhooks(wiring.security)) return undefined;
  const choice = certificateChoice(wiring);
  const webhooks = await import('../../webhooks/index.ts');
  const endpoint = wiring.settings.endpoint ?? defaultEndpoint(wiring.env);
  const names = webhooks.certificateNames(endpoint);
  const plans = wiring.plans.filter((p) => p.enabled);
  return new webhooks.WebhookRuntime({
    client: wiring.client,
    features: webhooks.webhookFeatures({
      katalogName: wiring.katalogName,
      plans,
      security: wiring.security,
      metrics: wiring.metrics,
      endpoint,
    }),
    certificates: webhooks.certificateSource(choice, { client: wiring.client, names, logger: wiring.logger }),
    endpoint,
    listen: { port: wiring.settings.port ?? 9443, host: wiring.settings.host },
    cleanupOnShutdown: wiring.security.deletionProtection.cleanupOnShutdown,
    logger: wiring.logger,
  });
}

/**
 * Reads `https://host[:port]` (the `--webhook-url` flag).
 * @throws TypeError when it is not an https URL without a path
 */
export function parseWebhookUrl(text: string): WebhookEndpoint {
  const url = new URL(text);
  if (url.protocol !== 'https:') throw new TypeError('the webhook URL must be https://host[:port]');
  if (url.pathname !== '/' || url.search !== '') throw new TypeError('the webhook URL takes no path');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { kind: 'url', host, port: url.port === '' ? 443 : Number(url.port) };
}

/**
 * Reads `namespace/name` (the `--webhook-cert-secret` flag).
 * @throws TypeError when it is not two non-empty parts
 */
export function parseSecretRef(text: string): { namespace: string; name: string } {
  const [namespace, name, ...rest] = text.split('/');
  if (!namespace || !name || rest.length > 0)
    throw new TypeError('the Secret must be given as namespace/name');
  return { namespace, name };
}
