/**
 * server — the HTTP API of `ork run` (spec §14): `/health`, `/ready`, `/metrics`, `/katalog`,
 * `/katalog/{crd}`, `/katalog/{crd}/health` (503 when degraded), `/katalog/{crd}/cr` and
 * `/katalog/{crd}/cr/{ns}/{name}`, and `/katalog/stream` (server-sent events for the Control Center).
 * It reads the runtime through the {@link RuntimeView} interfaces.
 */
export { ApiServer } from './http-server.ts';
export type {
  BoxSummary,
  BoxView,
  ChildView,
  CustomResourceDetail,
  CustomResourceSummary,
  KatalogSource,
  LeaderView,
  RenderPreview,
  RenderPreviewChange,
  RuntimeView,
  ViewChange,
} from './view.ts';
