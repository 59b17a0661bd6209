/**
 * Choosing where the cluster configuration comes from, in controller-runtime's order: an explicit
 * kubeconfig path, then KUBECONFIG, then the in-cluster service account, then ~/.kube/config.
 */
import type { ClusterConfig } from './cluster-config.ts';
import { isInCluster, loadInClusterConfig } from './in-cluster.ts';
import type { InClusterOptions } from './in-cluster.ts';
import { kubeconfigPaths, loadKubeconfig, readKubeconfigsAsJson } from './kubeconfig.ts';
import type { KubeconfigSource } from './kubeconfig-merge.ts';
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
  /** The kubeconfig files {@link kubeconfigFiles} names, already read (e.g. by another process). */
  sources?: KubeconfigSource[];
}

/** The kubeconfig files {@link loadClusterConfig} reads for `options`; undefined when it goes in-cluster. */
function kubeconfigFiles(options: LoadConfigOptions): string[] | undefined {
  const { env } = options;
  if (options.kubeconfig !== undefined) return [options.kubeconfig];
  if (env.KUBECONFIG !== undefined && env.KUBECONFIG !== '') return kubeconfigPaths(env);
  if (isInCluster(env)) return undefined;
  return kubeconfigPaths(env);
}

/**
 * Loads the cluster configuration from the first source that applies.
 * @throws KubeConfigError when no source applies or the chosen one is unusable.
 */
export async function loadClusterConfig(options: LoadConfigOptions): Promise<ClusterConfig> {
  const { env } = options;
  const base = { env, ...(options.tokenFile === undefined ? {} : { tokenFile: options.tokenFile }) };
  const withContext = options.context === undefined ? base : { ...base, context: options.context };
  const paths = kubeconfigFiles(options);
  if (paths !== undefined) {
    const sources = options.sources === undefined ? {} : { sources: options.sources };
    return loadKubeconfig({ ...withContext, paths, ...sources });
  }
  const inCluster: InClusterOptions =
    options.serviceAccountDir === undefined ? base : { ...base, dir: options.serviceAccountDir };
  return loadInClusterConfig(inCluster);
}

/**
 * The kubeconfig files {@link loadClusterConfig} would read for `options`, read and re-encoded as
 * JSON, to hand to a process that should not load the YAML library (as its `sources`). Undefined
 * in-cluster, or when a file does not read (that process then reads them itself and reports it).
 */
export async function kubeconfigsAsJson(options: LoadConfigOptions): Promise<KubeconfigSource[] | undefined> {
  const paths = kubeconfigFiles(options);
  return paths === undefined ? undefined : readKubeconfigsAsJson(paths);
}
