/** What a kind builder receives besides its entry: the rendered name and namespace, and the owner. */
import type { ChildOrigin } from './labels.ts';
import type { RenderScope } from './render-fields.ts';

/** The scope of one child being built. */
export interface BuildScope extends RenderScope {
  /** The child's rendered name. */
  readonly name: string;
  /** The child's namespace; undefined for a cluster-scoped child. */
  readonly namespace: string | undefined;
  /** Katalog, CRD and owning CR. */
  readonly origin: ChildOrigin;
}

/**
 * Builds the kind-specific part of a manifest from an entry: every top-level key except apiVersion, kind
 * and metadata (a `metadata` key, when returned, is merged into the generated metadata).
 */
export type KindBuilder<E> = (entry: E, scope: BuildScope) => Record<string, unknown>;
