/**
 * The JSON a runtime's HTTP API answers, as the Control Center reads it (spec §14 and the Control
 * Center's additions). Types only: both the server (the overview page) and the browser UI read them.
 * Everything the additions brought is optional, so the Control Center also reads an older runtime.
 */

/** Counters of one operator box; rates come from the difference between two samples. */
export interface BoxStats {
  queueDepth: number;
  workersBusy: number;
  reconciles: { success: number; error: number };
  /** When the figures were read (ISO). */
  at: string;
}

/** One operator of `/katalog`. */
export interface OperatorSummary {
  crd: string;
  description?: string;
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  workers: number;
  managedObjects: number;
  health: { status: string; reasons: string[]; consecutiveFailures: number; warnings: string[] };
  stats?: BoxStats;
}

/** `/katalog`. */
export interface KatalogSummary {
  name: string;
  leader?: { enabled: boolean; isLeader: boolean; identity?: string; holder?: string; since?: string };
  crds: OperatorSummary[];
}

/** One item of `/katalog/{crd}/cr`. */
export interface CrItem {
  namespace?: string;
  name: string;
  ready?: string;
  observedGeneration?: number;
  generation?: number;
  createdAt?: string;
  lastError?: string;
  lastReconcileAt?: string;
}

/** A child of a CR, as the detail lists it. */
export interface ChildView {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  state: 'ready' | 'progressing' | 'missing' | 'prune';
  summary?: string;
  drift?: boolean;
}

/** An event about a CR. */
export interface EventView {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastTimestamp: string;
}

/** A condition of a CR's status. */
export interface ConditionView {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** `/katalog/{crd}/cr/{ns}/{name}`. */
export interface CrDetail {
  object: { metadata?: { name?: string; namespace?: string }; spec?: unknown; [key: string]: unknown };
  conditions?: ConditionView[];
  children: unknown[];
  events: EventView[];
  lastReconcile?: { at: string; result: 'success' | 'error' | 'pending'; error?: string; durationMs: number };
}

/** `/katalog/source`. */
export interface KatalogSource {
  name: string;
  files: { path: string; text: string }[];
  diagnostics: {
    severity: 'error' | 'warning';
    message: string;
    file: string;
    line: number;
    column: number;
    path: string;
  }[];
}

/** One change of `POST /katalog/{crd}/render`. */
export interface RenderChange {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'delete';
  diff?: string;
}

/** `POST /katalog/{crd}/render`. */
export interface RenderResult {
  objects: unknown[];
  changes: RenderChange[];
}
