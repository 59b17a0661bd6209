/** Everything `ork render` uses, behind one module so the other commands never load it. */
export { describeCr, PLACEHOLDER_UID, RenderError, renderCustomResources } from './render.ts';
export type { CrRender, RenderInput, RenderReport } from './render.ts';
export { formatRenderReport, toManifestYaml } from './render-format.ts';
export { renderFiles } from './render-files.ts';
export type { RenderOptions, RenderOutcome } from './render-files.ts';
export type { ChildAction, ChildWrite, RecordedReconcile } from './render-cluster.ts';
