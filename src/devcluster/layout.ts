/**
 * Where the local control plane keeps its files: binaries in a version-keyed cache, and one run
 * directory per cluster name (PKI, kubeconfig, logs, state).
 */
import { join } from 'node:path';
import { COMPONENT_VERSIONS } from './versions.ts';

/** The executables of the control plane. */
export interface Binaries {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
}

/** Every path the dev cluster uses. */
export interface DevClusterLayout {
  /** Root of the cache, `<user cache dir>/orkestra/devcluster`. */
  root: string;
  /** Where wrapper modules are written and built. */
  srcDir: string;
  /** Per-component binary folders, keyed by version. */
  binDirs: { kubernetes: string; etcd: string; kwok: string };
  /** Prebuilt binaries to use instead of building (ORK_DEV_BIN_DIR), if given. */
  prebuiltBinDir: string | undefined;
  runDir: string;
  pkiDir: string;
  logsDir: string;
  stateFile: string;
  kubeconfig: string;
}

/** Options of {@link devClusterLayout}. */
export interface DevClusterLayoutOptions {
  /** The user's cache directory (XDG_CACHE_HOME or ~/.cache). */
  cacheDir: string;
  /** Name of the cluster; several can run side by side on other ports. @default 'default' */
  name?: string;
  /** A folder holding prebuilt kube-apiserver, kube-controller-manager, kube-scheduler, etcd and kwok. */
  prebuiltBinDir?: string | undefined;
}

/** Computes the layout of a dev cluster. Pure: creates nothing. */
export function devClusterLayout(options: DevClusterLayoutOptions): DevClusterLayout {
  const root = join(options.cacheDir, 'orkestra', 'devcluster');
  const runDir = join(root, 'run', options.name ?? 'default');
  const bin = join(root, 'bin');
  return {
    root,
    srcDir: join(root, 'src'),
    binDirs: {
      kubernetes: join(bin, `kubernetes-${COMPONENT_VERSIONS.kubernetes}`),
      etcd: join(bin, `etcd-${COMPONENT_VERSIONS.etcd}`),
      kwok: join(bin, `kwok-${COMPONENT_VERSIONS.kwok}`),
    },
    prebuiltBinDir: options.prebuiltBinDir,
    runDir,
    pkiDir: join(runDir, 'pki'),
    logsDir: join(runDir, 'logs'),
    stateFile: join(runDir, 'state.json'),
    kubeconfig: join(runDir, 'kubeconfig'),
  };
}

/** The paths of the executables for a layout (they may not exist yet). */
export function binariesOf(layout: DevClusterLayout): Binaries {
  const pre = layout.prebuiltBinDir;
  const k8s = pre ?? layout.binDirs.kubernetes;
  return {
    etcd: join(pre ?? layout.binDirs.etcd, 'etcd'),
    kubeApiserver: join(k8s, 'kube-apiserver'),
    kubeControllerManager: join(k8s, 'kube-controller-manager'),
    kubeScheduler: join(k8s, 'kube-scheduler'),
    kwok: join(pre ?? layout.binDirs.kwok, 'kwok'),
  };
}
