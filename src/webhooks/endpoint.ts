/**
 * How the API server reaches the webhooks: at a URL (a runtime outside the cluster — `ork run` on a
 * laptop, the tests) or through a Service (a runtime in a pod). The names the serving certificate
 * must carry follow from it.
 */
import { isIP } from 'node:net';

/** Where the API server sends reviews. */
export type WebhookEndpoint =
  | { readonly kind: 'url'; readonly baseUrl: string }
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

/** The clientConfig that sends a review to `path` (e.g. `/validate/websites`). */
export function clientConfigFor(endpoint: WebhookEndpoint, path: string): ClientConfig {
  if (endpoint.kind === 'url') return { url: `${endpoint.baseUrl.replace(/\/+$/, '')}${path}` };
  const { name, namespace, port } = endpoint;
  return { service: { name, namespace, path, port } };
}

/** The DNS names and IP addresses the serving certificate must hold for the API server to trust it. */
export function certificateNames(endpoint: WebhookEndpoint): { dnsNames: string[]; ipAddresses: string[] } {
  if (endpoint.kind === 'url') {
    const host = new URL(endpoint.baseUrl).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) === 0 ? { dnsNames: [host], ipAddresses: [] } : { dnsNames: [], ipAddresses: [host] };
  }
  const { name, namespace } = endpoint;
  const service = `${name}.${namespace}.svc`;
  return { dnsNames: [name, `${name}.${namespace}`, service, `${service}.cluster.local`], ipAddresses: [] };
}
