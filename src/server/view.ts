/**
 * What the HTTP API shows, as interfaces the runtime implements. The server reads through
 * them only, so it can be tested without a cluster and never reaches into runtime internals.
 */

/**
 * Health of one operator box. `degraded` after failureThreshold consecutive failures, until a success;
 * `standby` on a leader election follower (caches synced, another replica reconciles).
 */
export interface BoxHealth {
  status: 'starting' | 'healthy' | 'standby' | 'degraded';
  /** Why it is not healthy (informer not synced, watch disconnected, last errors...). */
  reasons: string[];
  consecutiveFailures: number;
  /** Active validation warnings, one line per custom resource. */
  warnings: string[];
}

/** One operator box as the API lists it. */
export interface BoxSummary {
  crd: string;
  /** The entry's `description`; undefined when it has none. */
  description: string | undefined;
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  workers: number;
  resyncSeconds: number;
  managedObjects: number;
  health: BoxHealth;
  stats: BoxStats;
}

/** A box's load now and its reconcile totals (monotonic: the UI derives rates from two samples). */
export interface BoxStats {
  queueDepth: number;
  workersBusy: number;
  reconciles: { success: number; error: number };
  /** When it was read (ISO). */
  at: string;
}

/** A custom resource in a box's list. */
export interface CustomResourceSummary {
  namespace: string | undefined;
  name: string;
  ready: string | undefined;
  observedGeneration: number | undefined;
  generation: number | undefined;
  /** metadata.creationTimestamp. */
  createdAt: string | undefined;
  /** The last reconcile's error message, cleared by a success. */
  lastError?: string | undefined;
  /** When the last reconcile since the runtime started finished (ISO). */
  lastReconcileAt?: string | undefined;
}

/**
 * A change the stream sends: a CR upserted or deleted (with its list item), or a CR whose children
 * changed or whose reconcile finished (`child`: its detail may have changed).
 */
export type ViewChange =
  | { crd: string; type: 'upsert' | 'delete'; item: CustomResourceSummary }
  | { crd: string; type: 'child'; namespace: string | undefined; name: string };

/** A recorded event about a custom resource. */
export interface EventView {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  count: number;
  lastTimestamp: string;
}

/**
 * A child of a custom resource: `missing` when the last reconcile applied it and the cache lacks it
 * (deleted behind the runtime's back, until the next reconcile recreates it), `prune` when it is live
 * and owned but no longer desired. A live child also carries its object's fields (metadata, data, spec,
 * status...), as the detail listed children as objects before they had states.
 */
export interface ChildView {
  apiVersion: string;
  kind: string;
  namespace?: string | undefined;
  name: string;
  state: 'ready' | 'progressing' | 'missing' | 'prune';
  /** A short account of its state, e.g. `2/2 ready`. */
  summary?: string | undefined;
  /** Set when it drifted from what the runtime applied (a missing child). */
  drift?: boolean | undefined;
}

/** How the last reconcile of a custom resource ended. */
export interface LastReconcileView {
  at: string;
  result: 'success' | 'error' | 'pending';
  error?: string | undefined;
  durationMs: number;
}

/** A custom resource with its conditions, children, recent events and last reconcile. */
export interface CustomResourceDetail {
  object: unknown;
  conditions: unknown[];
  children: ChildView[];
  events: EventView[];
  /** Absent until a reconcile of it finished since the runtime started. */
  lastReconcile?: LastReconcileView | undefined;
}

/** What the render preview would do to one child. */
export interface RenderPreviewChange {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'delete';
  /** For an update: `-` live, `+` desired, of the fields the runtime manages. */
  diff?: string;
}

/** What the runtime would apply for a CR, and how it differs from the live children. */
export interface RenderPreview {
  objects: unknown[];
  changes: RenderPreviewChange[];
  /** Why the runtime would not reconcile this CR at all (an unwatched namespace...). */
  skipped?: string;
}

/** One box, as the server reads it. */
export interface BoxView {
  summary(): BoxSummary;
  listCustomResources(): CustomResourceSummary[];
  customResource(namespace: string | undefined, name: string): CustomResourceDetail | undefined;
  /**
   * Renders a CR (parsed JSON) as the runtime would reconcile it, without writing; `{error}` for a
   * CR it cannot render (a template error). Absent: the route answers 404.
   */
  render?(cr: unknown): Promise<RenderPreview | { error: string }>;
}

/** Leader election, as `/katalog` shows it. */
export interface LeaderView {
  /** Whether the run elects a leader (`--leader-elect`); without it the process always leads. */
  enabled: boolean;
  /** Whether this replica leads (runs the workers and writes). */
  isLeader: boolean;
  /** This replica's identity in the Lease. */
  identity: string | undefined;
  /** The Lease's holder as last seen. */
  holder: string | undefined;
  /** When the holder acquired the Lease (MicroTime). */
  since: string | undefined;
}

/** The Katalog's text and compile diagnostics, as the run loaded them. */
export interface KatalogSource {
  /** Each file as the user named it; `truncated` when its text was cut to keep the run small. */
  files: { path: string; text: string; truncated?: boolean }[];
  diagnostics: {
    severity: 'error' | 'warning';
    message: string;
    file: string;
    line: number;
    column: number;
    path: string;
  }[];
}

/** The whole runtime, as the server reads it. */
export interface RuntimeView {
  katalogName(): string;
  /** Who leads; absent: `/katalog` shows no `leader`. */
  leader?(): LeaderView;
  boxes(): BoxView[];
  box(crd: string): BoxView | undefined;
  /** Ready when every box's informers have synced and no watch has been disconnected too long. */
  readiness(): { ready: boolean; reasons: string[] };
  metrics(): Promise<{ contentType: string; text: string }>;
  /** The Katalog's text and warnings; absent: `/katalog/source` lists none. */
  source?(): KatalogSource;
  /**
   * Calls `listener` on every change of every box's CRs until the returned function is called;
   * absent: the stream sends no `cr` events. Free while nobody listens.
   */
  observe?(listener: (change: ViewChange) => void): () => void;
}
