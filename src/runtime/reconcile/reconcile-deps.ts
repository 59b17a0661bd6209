/** Everything one box's reconcile works with, wired once by the box. */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../katalog/index.ts';
import type { ChildOrigin, RenderFn, ResourceGroupEntries, ScopeLookup } from '../../resources/index.ts';
import type { ClusterCache, ClusterWriter, EventSink } from './ports.ts';

/** The raw resource groups of the operatorBox, as the resources layer renders them. */
export interface BoxHooks {
  readonly onCreate?: ResourceGroupEntries | undefined;
  readonly onReconcile?: ResourceGroupEntries | undefined;
  readonly onDelete?: ResourceGroupEntries | undefined;
}

/** The dependencies of a reconcile. */
export interface ReconcileDeps {
  readonly plan: Plan;
  readonly hooks: BoxHooks;
  readonly cache: ClusterCache;
  readonly writer: ClusterWriter;
  readonly events: EventSink;
  readonly render: RenderFn;
  readonly isClusterScoped: ScopeLookup;
  readonly now: () => Date;
  /** The template data of a CR (spec §6.2), from the cache. */
  dataOf(cr: KubeObject): Record<string, unknown>;
  /** Who the CR's children belong to (labels, owner reference). */
  originOf(cr: KubeObject): ChildOrigin;
  /** The declared status fields (spec §8), rendered against the CR and its live children, by top-level key. */
  statusFieldsOf(cr: KubeObject, live: readonly KubeObject[]): Record<string, unknown>;
}
