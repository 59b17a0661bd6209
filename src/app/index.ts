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
export { describeCr, PLACEHOLDER_UID, RenderError, renderCustomResources } from './render.ts';
export type { CrRender, RenderInput, RenderReport } from './render.ts';
export { formatRenderReport, toManifestYaml } from './render-format.ts';
export { renderFiles } from './render-files.ts';
export type { RenderOptions, RenderOutcome } from './render-files.ts';
export type { ChildAction, ChildWrite, RecordedReconcile } from './render-cluster.ts';
