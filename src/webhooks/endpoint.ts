/**
 * How the API server reaches the webhooks: at a URL (a runtime outside the cluster — `ork run` on a
 * laptop, the tests) or through a Service (a runtime in a pod). The names the serving certificate
 * must carry follow from it.
 */
import { isIP } from 'node:net';

/**
 * Where the API server sends reviews. A URL endpoint without a port uses the listener's own (a
 * listener on port 0 learns it only once it listens).
 */
export type WebhookEndpoint =
  | { readonly kind: 'url'; readonly host: string; readonly port?: number | undefined }
  | { readonly kind: 'service'; readonly name: string; readonly namespace: string; readonly port: number };

/** A webhook's `clientConfig`, without its caBundle. */
export type ClientConfig =
  | { readonly url: string }
  | {
      readonly service: {
        readonly name: string;
        readonly namespace: string;
        readonly path: string;
        readonly port: number;
      };
    };

/** The endpoint with the listener's port filled in where it names none. */
export function withListenerPort(endpoint: WebhookEndpoint, port: number): WebhookEndpoint {
  return endpoint.kind === 'url' && endpoint.port === undefined ? { ...endpoint, port } : endpoint;
}

/** The clientConfig that sends a review to `path` (e.g. `/validate/websites`). */
export function clientConfigFor(endpoint: WebhookEndpoint, path: string): ClientConfig {
  if (endpoint.kind === 'url') {
    const host = isIP(endpoint.host) === 6 ? `[${endpoint.host}]` : endpoint.host;
    return { url: `https://${host}:${String(endpoint.port ?? 443)}${path}` };
  }
  const { name, namespace, port } = endpoint;
  return { service: { name, namespace, path, port } };
}

/** The DNS names and IP addresses the serving certificate must hold for the API server to trust it. */
export function certificateNames(endpoint: WebhookEndpoint): { dnsNames: string[]; ipAddresses: string[] } {
  if (endpoint.kind === 'url') {
    const host = endpoint.host;
    return isIP(host) === 0 ? { dnsNames: [host], ipAddresses: [] } : { dnsNames: [], ipAddresses: [host] };
  }
  const { name, namespace } = endpoint;
  const service = `${name}.${namespace}.svc`;
  return { dnsNames: [name, `${name}.${namespace}`, service, `${service}.cluster.local`], ipAddresses: [] };
}
