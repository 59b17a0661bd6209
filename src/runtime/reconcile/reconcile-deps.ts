/** Everything one box's reconcile works with, wired once by the box. */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import type { ChildOrigin, RenderFn, ScopeLookup } from '../../resources/index.ts';
import type {
  ClusterCache,
  ClusterWriter,
  EventSink,
  ExternalHttp,
  KeySource,
  TlsMaterial,
} from './ports.ts';

/** The dependencies of a reconcile. */
export interface ReconcileDeps {
  /** The box's compiled Plan: everything the reconcile renders and checks. */
  readonly plan: Plan;
  readonly cache: ClusterCache;
  readonly writer: ClusterWriter;
  readonly events: EventSink;
  readonly render: RenderFn;
  /**
   * A render function for one pass, its templates drawing from one budget (total output, deadline: the
   * Katalog's `spec.limits.templates`). @default `render` for every pass
   */
  readonly renderPass?: (() => RenderFn) | undefined;
  readonly isClusterScoped: ScopeLookup;
  readonly now: () => Date;
  /**
   * Key pairs and serial numbers of `tls` Secrets. Absent: no key is made (`ork render`): such a
   * Secret is shown without its key and certificate, and an event says what the runtime would make.
   */
  readonly keys?: KeySource | undefined;
  /**
   * Sends the HTTP requests of external calls (spec §10.2). Absent: no call is made (`ork render`), each
   * is `{called: false}`.
   */
  readonly external?: ExternalHttp | undefined;
  /** `tls` Secret material this box wrote, until its cache shows it (see tls-secrets.ts). */
  readonly issuedTls: Map<string, TlsMaterial>;
  /** The template data of a CR (spec §6.2): its cached children, with `fresh` ones replacing them. */
  dataOf(cr: KubeObject, fresh?: readonly KubeObject[]): Readonly<Record<string, unknown>>;
  /** Records the active validation warnings of a CR (none clears them). */
  reportWarnings(key: string, warnings: readonly string[]): void;
  /** Counts a pass that reused the children of the CR's last render (its inputs unchanged). */
  countRenderSkipped?: (() => void) | undefined;
  /** Remembers the children a successful pass applied (the HTTP API shows a missing one). @default none */
  recordApplied?: ((key: string, children: readonly KubeObject[]) => void) | undefined;
  /** Who the CR's children belong to (labels, owner reference). */
  originOf(cr: KubeObject): ChildOrigin;
}
