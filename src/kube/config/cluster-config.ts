/**
 * What a connection to one API server needs, whatever it was loaded from (a kubeconfig or the
 * in-cluster service account): address, TLS material, proxy, default namespace, credentials.
 */

/** TLS material of a cluster, decoded once at load time. */
export interface TlsConfig {
  /** PEM CA bundle that signed the API server's certificate; the system roots when absent. */
  ca?: Buffer;
  /** PEM client certificate (mutual TLS). */
  cert?: Buffer;
  /** PEM client key (mutual TLS). */
  key?: Buffer;
  /** Skip server certificate verification (kubeconfig `insecure-skip-tls-verify`). @default false */
  insecureSkipTlsVerify?: boolean;
  /** Name to verify the server certificate against (kubeconfig `tls-server-name`). */
  serverName?: string;
}

/**
 * Where requests get their `Authorization` header. Implementations cache what they can and
 * never block a request longer than loading the credential takes.
 */
export interface Credentials {
  /** The `Authorization` header value, or undefined when the cluster needs none (e.g. client certs). */
  authorization(): Promise<string | undefined>;
  /**
   * Called after a 401: drops or re-reads the cached credential. Resolves true when a retry may
   * succeed (the credential changed or was re-fetched), false when retrying is pointless.
   */
  refresh(): Promise<boolean>;
}

/** A resolved connection to one API server. */
export interface ClusterConfig {
  /** Base URL of the API server, e.g. `https://127.0.0.1:6443` (no trailing slash). */
  server: string;
  tls: TlsConfig;
  /** HTTP(S) proxy to reach the server through (kubeconfig `proxy-url`). */
  proxyUrl?: string;
  /** Default namespace of the context (or of the service account). @default 'default' */
  namespace: string;
  credentials: Credentials;
  /** The kubeconfig context it came from; undefined in-cluster. */
  contextName?: string;
}

/** A kubeconfig or in-cluster configuration that cannot be used; the message names the fix. */
export class KubeConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KubeConfigError';
  }
}

/** Credentials that add no header (anonymous, or client-certificate authentication). */
export const noCredentials: Credentials = {
  authorization: () => Promise.resolve(undefined),
  refresh: () => Promise.resolve(false),
};

/** A fixed bearer token (kubeconfig `token`); a 401 cannot be cured by retrying. */
export function staticTokenCredentials(token: string): Credentials {
  const header = `Bearer ${token}`;
  return { authorization: () => Promise.resolve(header), refresh: () => Promise.resolve(false) };
}

/** HTTP basic authentication (kubeconfig `username`/`password`). */
export function basicAuthCredentials(username: string, password: string): Credentials {
  const header = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return { authorization: () => Promise.resolve(header), refresh: () => Promise.resolve(false) };
}
