/**
 * In-cluster configuration: the API server from KUBERNETES_SERVICE_HOST/PORT, and the pod's
 * service account (token, CA, namespace) from its mounted secret directory. The token is a
 * projected token the kubelet rotates, so it is re-read when the file changes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KubeConfigError } from './cluster-config.ts';
import type { ClusterConfig } from './cluster-config.ts';
import { tokenFileCredentials } from './token-file.ts';
import type { TokenFileOptions } from './token-file.ts';

/** Where a pod's service-account secret is mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** How to load the in-cluster configuration. */
export interface InClusterOptions {
  /** Process environment (KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT), passed in by the caller. */
  env: Record<string, string | undefined>;
  /** Service-account directory. @default SERVICE_ACCOUNT_DIR */
  dir?: string;
  /** Tuning of token re-reads. */
  tokenFile?: TokenFileOptions;
}

/** True when the environment says we run in a pod (KUBERNETES_SERVICE_HOST and _PORT are set). */
export function isInCluster(env: Record<string, string | undefined>): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST) && Boolean(env.KUBERNETES_SERVICE_PORT);
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KubeConfigError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function inClusterServer(env: Record<string, string | undefined>): string {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!isInCluster(env) || host === undefined || port === undefined) {
    throw new KubeConfigError(
      'not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set',
    );
  }
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Loads the in-cluster configuration.
 * @throws KubeConfigError when the service environment variables or the token are missing.
 */
export async function loadInClusterConfig(options: InClusterOptions): Promise<ClusterConfig> {
  const server = inClusterServer(options.env);
  const dir = options.dir ?? SERVICE_ACCOUNT_DIR;
  const tokenPath = join(dir, 'token');
  if ((await readOptional(tokenPath)) === undefined) {
    throw new KubeConfigError(
      `no service-account token at ${tokenPath} (is automountServiceAccountToken off?)`,
    );
  }
  const ca = await readOptional(join(dir, 'ca.crt'));
  const namespace = (await readOptional(join(dir, 'namespace')))?.toString('utf8').trim() || 'default';
  return {
    server,
    tls: ca === undefined ? {} : { ca },
    namespace,
    credentials: tokenFileCredentials(tokenPath, options.tokenFile),
  };
}
