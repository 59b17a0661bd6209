/**
 * app — the composition root: configuration read once from flags and the environment, and the
 * wiring of the lower layers into what each command runs.
 */
export { devClusterConfig, startDevCluster } from './dev-cluster.ts';
export type { DevClusterConfig, DevClusterFlags, DevClusterObserver } from './dev-cluster.ts';
export { katalogTemplateChecker, loadKatalogFiles } from './katalog.ts';
export type { KatalogLoad } from './katalog.ts';
export { deriveIdentity, initOperator, InitError, scaffoldFiles, SCAFFOLD_FILES } from './init.ts';
export type { InitOptions, InitResult, OperatorIdentity } from './init.ts';
export { runOperators } from './run.ts';
export type { RunningOperators, RunSettings } from './run.ts';
