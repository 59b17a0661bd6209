/**
 * One entry → one full manifest (spec §4.1–4.2): name and namespace, the kind's body, Orkestra's labels,
 * the reconcile annotation, the owner reference, and finally the entry's `overrides` deep-merged on top.
 */
import { RenderValueError } from '../errors.ts';
import { isRecord } from '../path.ts';
import type { Manifest, OwnerReference } from '../types.ts';
import type { BuildScope } from './build-scope.ts';
import { deepMerge } from './deep-merge.ts';
import type { EntryBase } from '../../plan/index.ts';
import { kindSpecOf } from './kind-builders.ts';
import type { KindSpec } from './kind-builders.ts';
import { ANNOTATION_RECONCILE, ownerLabels } from './labels.ts';
import type { ChildOrigin, OwnerIdentity } from './labels.ts';
import { renderDeep, renderRequiredText, renderTextMap } from './render-fields.ts';
import type { RenderScope } from './render-fields.ts';

/** Tells whether objects of a custom apiVersion/kind are cluster-scoped (from discovery). */
export type ScopeLookup = (apiVersion: string, kind: string) => boolean;

/** Everything needed to build one child. */
export interface ChildRequest {
  /** The resource group key (`deployments`, `hpa`, `custom`, ...). */
  readonly group: string;
  readonly entry: EntryBase;
  /** Data (with forEach bindings) and renderer. */
  readonly scope: RenderScope;
  readonly origin: ChildOrigin;
  /** True when the child is enforced every cycle (marked for pruning). */
  readonly enforced: boolean;
  /** False to build without an owner reference (onDelete Jobs). @default true */
  readonly ownerReference?: boolean | undefined;
  /** Scope of custom kinds. @default every custom kind is namespaced */
  readonly isClusterScoped?: ScopeLookup | undefined;
}

/** The default name of an entry: the CR's name. */
export const DEFAULT_NAME_TEMPLATE = '{{ .metadata.name }}';

function resolveKind(
  request: ChildRequest,
  spec: KindSpec,
): { apiVersion: string; kind: string; cluster: boolean } {
  if (spec.group !== 'custom')
    return { apiVersion: spec.apiVersion, kind: spec.kind, cluster: spec.clusterScoped };
  const entry = request.entry as EntryBase & { apiVersion?: unknown; kind?: unknown };
  const apiVersion = renderRequiredText(entry.apiVersion, 'apiVersion', request.scope);
  const kind = renderRequiredText(entry.kind, 'kind', request.scope);
  return { apiVersion, kind, cluster: request.isClusterScoped?.(apiVersion, kind) ?? false };
}

function resolveNamespace(request: ChildRequest, cluster: boolean): string | undefined {
  if (cluster) return undefined;
  const { entry, scope, origin } = request;
  if (entry.namespace !== undefined) return renderRequiredText(entry.namespace, 'namespace', scope);
  if (origin.owner.namespace !== undefined) return origin.owner.namespace;
  throw new RenderValueError({
    field: 'namespace',
    value: undefined,
    expected: 'a namespace (the CR is cluster-scoped, so a namespaced child must name one)',
  });
}

/** The controller owner reference to a CR (controller and blockOwnerDeletion both true). */
export function controllerReference(owner: OwnerIdentity): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.name,
    uid: owner.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * Tells whether a child can carry an owner reference to the CR: Kubernetes allows it for a child in the CR's
 * own namespace, and for any child of a cluster-scoped CR. Others are tracked by label.
 */
export function canOwn(owner: OwnerIdentity, childNamespace: string | undefined): boolean {
  return owner.namespace === undefined || childNamespace === owner.namespace;
}

function buildMetadata(request: ChildRequest, scope: BuildScope, extra: unknown): Record<string, unknown> {
  const custom = isRecord(extra) ? extra : {};
  const { name: _n, namespace: _ns, labels, annotations, ...rest } = custom;
  const metadata: Record<string, unknown> = { ...rest, name: scope.name };
  if (scope.namespace !== undefined) metadata['namespace'] = scope.namespace;
  metadata['labels'] = {
    ...renderTextMap(request.entry.labels, 'labels', scope),
    ...(isRecord(labels) ? labels : {}),
    ...ownerLabels(request.origin),
  };
  const notes = { ...renderTextMap(request.entry.annotations, 'annotations', scope) };
  Object.assign(notes, isRecord(annotations) ? annotations : {});
  if (request.enforced) notes[ANNOTATION_RECONCILE] = 'true';
  if (Object.keys(notes).length > 0) metadata['annotations'] = notes;
  if (request.ownerReference !== false && canOwn(request.origin.owner, scope.namespace)) {
    metadata['ownerReferences'] = [controllerReference(request.origin.owner)];
  }
  return metadata;
}

/**
 * Builds the full manifest of one entry.
 * @throws RenderValueError when a field does not render to its type; Error for an unknown group key.
 */
export function buildChild(request: ChildRequest): Manifest {
  const spec = kindSpecOf(request.group);
  if (spec === undefined) throw new Error(`unknown resource group ${JSON.stringify(request.group)}`);
  const { apiVersion, kind, cluster } = resolveKind(request, spec);
  const name = renderRequiredText(request.entry.name ?? DEFAULT_NAME_TEMPLATE, 'name', request.scope);
  const scope: BuildScope = {
    ...request.scope,
    name,
    namespace: resolveNamespace(request, cluster),
    origin: request.origin,
  };
  const { metadata: extra, ...body } = spec.build(request.entry, scope);
  const manifest: Manifest = { apiVersion, kind, metadata: buildMetadata(request, scope, extra), ...body };
  if (request.entry.overrides === undefined) return manifest;
  return deepMerge(manifest, renderDeep(request.entry.overrides, scope)) as Manifest;
}
