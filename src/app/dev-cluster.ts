/**
 * The dev cluster as the CLI and the test harness use it: configuration from the environment,
 * then build (if needed) and start, in one call.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_PORT_BASE,
  devClusterLayout,
  ensureBinaries,
  portsFrom,
  up,
  type BuildProgress,
  type DevClusterLayout,
  type UpResult,
} from '../devcluster/index.ts';
import { nodeFs } from '../util/index.ts';

export {
  checkHealth,
  COMPONENT_CHOICES,
  COMPONENT_VERSIONS,
  down,
  parseComponentName,
  readState,
  restartComponent,
  startComponent,
  stopComponent,
} from '../devcluster/index.ts';

/** Settings of the dev cluster, read once from flags and the environment. */
export interface DevClusterConfig {
  layout: DevClusterLayout;
  portBase: number;
  nodes: number;
  env: NodeJS.ProcessEnv;
  etcdDataRoot: string;
  /** The API server writes an audit log of writes into the run directory. */
  auditLog: boolean;
}

/** Flags that override the environment. */
export interface DevClusterFlags {
  name?: string | undefined;
  portBase?: number | undefined;
  nodes?: number | undefined;
  auditLog?: boolean | undefined;
}

/**
 * Reads the configuration: the cache under XDG_CACHE_HOME (or ~/.cache), prebuilt binaries from
 * ORK_DEV_BIN_DIR, etcd data in /dev/shm when it is writable (faster, and gone on reboot).
 */
export function devClusterConfig(env: NodeJS.ProcessEnv, flags: DevClusterFlags = {}): DevClusterConfig {
  const cacheDir = env['XDG_CACHE_HOME'] ?? join(env['HOME'] ?? homedir(), '.cache');
  const layout = devClusterLayout({
    cacheDir,
    name: flags.name,
    prebuiltBinDir: env['ORK_DEV_BIN_DIR'] || undefined,
  });
  return {
    layout,
    portBase: flags.portBase ?? DEFAULT_PORT_BASE,
    nodes: flags.nodes ?? 1,
    env,
    etcdDataRoot: isWritable('/dev/shm') ? '/dev/shm' : join(layout.runDir, 'etcd'),
    auditLog: flags.auditLog ?? false,
  };
}

/** Callbacks for what `startDevCluster` is doing. */
export interface DevClusterObserver {
  onBuild?: (progress: BuildProgress) => void;
  onStep?: (message: string) => void;
}

/** Builds what is missing, then starts the cluster (or finds it running). */
export async function startDevCluster(
  config: DevClusterConfig,
  observer: DevClusterObserver = {},
): Promise<UpResult> {
  const binaries = await ensureBinaries(config.layout, { env: config.env, onProgress: observer.onBuild });
  return up(config.layout, binaries, {
    ports: portsFrom(config.portBase),
    nodes: config.nodes,
    env: config.env,
    etcdDataRoot: config.etcdDataRoot,
    onStep: observer.onStep,
    auditLog: config.auditLog,
  });
}

function isWritable(path: string): boolean {
  try {
    nodeFs.accessSync(path, nodeFs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
