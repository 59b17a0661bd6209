/**
 * Choosing where the cluster configuration comes from, in controller-runtime's order: an explicit
 * kubeconfig path, then KUBECONFIG, then the in-cluster service account, then ~/.kube/config.
 */
import type { ClusterConfig } from './cluster-config.ts';
import { isInCluster, loadInClusterConfig } from './in-cluster.ts';
import type { InClusterOptions } from './in-cluster.ts';
import { kubeconfigPaths, loadKubeconfig } from './kubeconfig.ts';
import type { TokenFileOptions } from './token-file.ts';

/** How to find the cluster configuration. */
export interface LoadConfigOptions {
  /** The process environment, passed in by the caller (cli/app). */
  env: Record<string, string | undefined>;
  /** An explicit kubeconfig file (e.g. a `--kubeconfig` flag); wins over everything else. */
  kubeconfig?: string;
  /** Context to use instead of `current-context`. */
  context?: string;
  /** Service-account directory for the in-cluster case (for tests). */
  serviceAccountDir?: string;
  tokenFile?: TokenFileOptions;
}

/**
 * Loads the cluster configuration from the first source that applies.
 * @throws KubeConfigError when no source applies or the chosen one is unusable.
 */
export async function loadClusterConfig(options: LoadConfigOptions): Promise<ClusterConfig> {
  const { env } = options;
  const base = { env, ...(options.tokenFile === undefined ? {} : { tokenFile: options.tokenFile }) };
  const withContext = options.context === undefined ? base : { ...base, context: options.context };
  if (options.kubeconfig !== undefined)
    return loadKubeconfig({ ...withContext, paths: [options.kubeconfig] });
  if (env.KUBECONFIG !== undefined && env.KUBECONFIG !== '') {
    return loadKubeconfig({ ...withContext, paths: kubeconfigPaths(env) });
  }
  if (isInCluster(env)) {
    const inCluster: InClusterOptions =
      options.serviceAccountDir === undefined ? base : { ...base, dir: options.serviceAccountDir };
    return loadInClusterConfig(inCluster);
  }
  return loadKubeconfig({ ...withContext, paths: kubeconfigPaths(env) });
}
