/**
 * Rendering children whose types are watched. A `custom` entry with a templated apiVersion or kind
 * names its type only when rendered; the cache starts watching it then, and the children are
 * rendered once more with the type's scope (namespaced or cluster) and live children known, so the
 * first reconcile already compares, prunes and fills `.children` like every later one.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { DesiredChild, TemplateData } from '../../resources/index.ts';
import type { ChildType } from './ports.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

/** What {@link renderWatched} renders with. */
export interface WatchedRender {
  /** The CR (the template data is rebuilt from it when a type was new). */
  readonly cr: KubeObject;
  /** Renders the children from the template data. */
  readonly render: (data: TemplateData) => DesiredChild[];
  /** The template data of the first render. @default `deps.dataOf(cr)` */
  readonly data?: TemplateData;
}

/**
 * Renders, makes sure every rendered type is watched, and renders again when one was not.
 * @throws PendingError while a new type's cache is not synced (from the cache).
 */
export async function renderWatched(
  request: WatchedRender,
  deps: Pick<ReconcileDeps, 'cache' | 'dataOf'>,
): Promise<DesiredChild[]> {
  const { cr, render } = request;
  const desired = render(request.data ?? deps.dataOf(cr));
  if (!(await deps.cache.watchTypes(typesOf(desired)))) return desired;
  return render(deps.dataOf(cr));
}

/** The distinct types of the children, in order of first appearance. */
function typesOf(children: readonly DesiredChild[]): ChildType[] {
  const types = new Map<string, ChildType>();
  for (const { manifest } of children) {
    const apiVersion = manifest.apiVersion ?? '';
    const kind = manifest.kind ?? '';
    types.set(`${apiVersion}|${kind}`, { apiVersion, kind });
  }
  return [...types.values()];
}
