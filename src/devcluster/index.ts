/**
 * devcluster — a real local Kubernetes control plane with no Docker: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and KWOK fake nodes, built from Go modules into a
 * version-keyed cache and run on 127.0.0.1. Used by `ork dev` and by the integration tests.
 *
 * Flow: {@link devClusterLayout} (paths) → {@link ensureBinaries} (build what is missing) →
 * {@link up} (start, wait ready, register nodes, write kubeconfig) → {@link checkHealth} →
 * {@link down} (stop by recorded pid, remove state). For faults: {@link stopComponent},
 * {@link startComponent}, {@link restartComponent}, and the API server's audit log ({@link readAuditLog}).
 */
export { auditMark, readAuditLog } from './audit.ts';
export type { AuditWrite } from './audit.ts';
export { ensureBinaries } from './build.ts';
export type { BuildProgress } from './build.ts';
export { down } from './down.ts';
export { COMPONENT_CHOICES, parseComponentName, startComponent, stopComponent } from './control.ts';
export type { ComponentName } from './component-args.ts';
export { checkHealth } from './health.ts';
export type { DevClusterHealth } from './health.ts';
export { devClusterLayout } from './layout.ts';
export type { DevClusterLayout } from './layout.ts';
export { DEFAULT_PORT_BASE, portsFrom } from './ports.ts';
export { restartComponent } from './restart.ts';
export { readState } from './state.ts';
export type { DevClusterState } from './state.ts';
export { up } from './up.ts';
export type { UpResult } from './up.ts';
export { COMPONENT_VERSIONS } from './versions.ts';
