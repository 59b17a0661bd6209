/** Everything one box's reconcile works with, wired once by the box. */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import type {
  ChildOrigin,
  RenderFn,
  ResourceGroupEntries,
  ScopeLookup,
  StatusSpec,
} from '../../resources/index.ts';
import type { AdmissionRules } from './admission.ts';
import type { ClusterCache, ClusterWriter, EventSink } from './ports.ts';

/** The raw resource groups of the operatorBox, as the resources layer renders them. */
export interface BoxHooks {
  readonly onCreate?: ResourceGroupEntries | undefined;
  readonly onReconcile?: ResourceGroupEntries | undefined;
  readonly onDelete?: ResourceGroupEntries | undefined;
  /** The status block (spec §8). */
  readonly status?: StatusSpec | undefined;
}

/** The dependencies of a reconcile. */
export interface ReconcileDeps {
  readonly plan: Plan;
  readonly hooks: BoxHooks;
  /** Mutation and validation rules (spec §9). */
  readonly admission: AdmissionRules;
  readonly cache: ClusterCache;
  readonly writer: ClusterWriter;
  readonly events: EventSink;
  readonly render: RenderFn;
  readonly isClusterScoped: ScopeLookup;
  readonly now: () => Date;
  /** The template data of a CR (spec §6.2): its cached children, with `fresh` ones replacing them. */
  dataOf(cr: KubeObject, fresh?: readonly KubeObject[]): Readonly<Record<string, unknown>>;
  /** Records the active validation warnings of a CR (none clears them). */
  reportWarnings(key: string, warnings: readonly string[]): void;
  /** Who the CR's children belong to (labels, owner reference). */
  originOf(cr: KubeObject): ChildOrigin;
}
