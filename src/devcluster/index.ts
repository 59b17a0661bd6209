/**
 * devcluster — a real local Kubernetes control plane with no Docker: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and KWOK fake nodes, built from Go modules into a
 * version-keyed cache and run on 127.0.0.1. Used by `ork dev` and by the integration tests.
 *
 * Flow: {@link devClusterLayout} (paths) → {@link ensureBinaries} (build what is missing) →
 * {@link up} (start, wait ready, register nodes, write kubeconfig) → {@link checkHealth} →
 * {@link down} (stop by recorded pid, remove state).
 */
export { ensureBinaries } from './build.ts';
export type { BuildProgress, EnsureBinariesOptions } from './build.ts';
export { COMPONENT_NAMES } from './component-args.ts';
export type { ComponentName } from './component-args.ts';
export { down } from './down.ts';
export type { DownResult } from './down.ts';
export { DevClusterError } from './errors.ts';
export { checkHealth } from './health.ts';
export type { ComponentHealth, DevClusterHealth } from './health.ts';
export { binariesOf, devClusterLayout } from './layout.ts';
export type { Binaries, DevClusterLayout, DevClusterLayoutOptions } from './layout.ts';
export { DEFAULT_PORT_BASE, portsFrom } from './ports.ts';
export type { DevClusterPorts } from './ports.ts';
export { restartComponent } from './restart.ts';
export type { RestartOptions } from './restart.ts';
export { readState } from './state.ts';
export type { DevClusterState } from './state.ts';
export { up } from './up.ts';
export type { UpOptions, UpResult } from './up.ts';
export { COMPONENT_VERSIONS } from './versions.ts';
