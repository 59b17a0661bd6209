/**
 * The plain shapes the resources layer works on: manifests as the API server sees them, the template
 * data context, and the injected render function.
 */

/** Metadata of a manifest (only the fields the resources layer reads or writes are typed). */
export interface ManifestMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

/** Any Kubernetes object as plain JSON (structurally the same as the kube layer's object type). */
export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: ManifestMeta;
  [key: string]: unknown;
}

/** A reference from a child to the object that owns it. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * The data a template or a condition sees (spec §6.2): `.apiVersion .kind .metadata .spec .status`,
 * `.children`, `.childList`, `.cross`, `.external`, `.metrics`, and inside forEach `.item`, `.<as>`, `.index`.
 */
export type TemplateData = Readonly<Record<string, unknown>>;

/**
 * What a render returns: `value`, the typed result (spec §6.1); `text`, the text the template prints, exactly
 * as Go prints it — what a string field holds (a list as `[a b]`, a float in Go's shortest form).
 */
export type RenderAs = 'value' | 'text';

/**
 * Renders one template source against data. By default it returns the typed result (spec §6.1): a template
 * that is one action returns that action's value (a number stays a number); any other template returns its
 * text. With `as: 'text'` it returns the printed text, a string.
 * Injected so that this layer does not depend on a particular template engine.
 * @throws whatever the engine throws on an execution error (a reconcile error).
 */
export type RenderFn = (source: string, data: TemplateData, as?: RenderAs) => unknown;
