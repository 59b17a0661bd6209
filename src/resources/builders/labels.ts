/**
 * The labels and annotations Orkestra puts on every child (spec §4.2), and label-safe values.
 */

/** `app.kubernetes.io/managed-by`: always `orkestra` on children. */
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
/** The value of {@link LABEL_MANAGED_BY}. */
export const MANAGED_BY = 'orkestra';
/** The Katalog (metadata.name) a child belongs to. */
export const LABEL_KATALOG = 'orkestra.orkspace.io/katalog';
/** The CRD key a child belongs to. */
export const LABEL_CRD = 'orkestra.orkspace.io/crd';
/** The owning CR's name. */
export const LABEL_OWNER = 'orkestra.orkspace.io/owner';
/** The owning CR's namespace (absent for a cluster-scoped CR): tracks cluster-scoped children. */
export const LABEL_OWNER_NAMESPACE = 'orkestra.orkspace.io/owner-namespace';
/** On pod templates: the owning CR's name, so Services select a CR's pods by default. */
export const LABEL_INSTANCE = 'orkestra.orkspace.io/instance';
/** On pod templates and workload selectors: the workload's own name, so two workloads never share pods. */
export const LABEL_WORKLOAD = 'orkestra.orkspace.io/workload';
/** `"true"` on a child the runtime enforces every cycle: such a child is pruned when no longer desired. */
export const ANNOTATION_RECONCILE = 'orkestra.orkspace.io/reconcile';
/** On `once` Secrets with `rotateAfter`: when the Secret was generated (RFC 3339). */
export const ANNOTATION_GENERATED_AT = 'orkestra.orkspace.io/generated-at';
/**
 * On `tls` Secrets: `<inputs>.<material>` — a digest of what the key and certificate were made from
 * (commonName, dnsNames, validFor, the CA) and a digest of `tls.crt`, `tls.key` and `ca.crt`, so the
 * runtime keeps them while both still hold and makes new ones when either does not.
 */
export const ANNOTATION_TLS_HASH = 'orkestra.orkspace.io/tls-hash';

const LABEL_VALUE_MAX = 63;

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Makes a name usable as a label value (at most 63 characters): a longer name keeps its first characters and
 * ends with a hash of the whole, so distinct names stay distinct.
 */
export function toLabelValue(name: string): string {
  if (name.length <= LABEL_VALUE_MAX) return name;
  const head = name.slice(0, LABEL_VALUE_MAX - 9).replace(/[^A-Za-z0-9]+$/, '');
  return `${head}-${fnv1a(name)}`;
}

/** Identity of the CR that owns the children. */
export interface OwnerIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for a cluster-scoped CR. */
  readonly namespace?: string | undefined;
  readonly uid: string;
}

/** Which operator the children belong to. */
export interface ChildOrigin {
  /** The Katalog's metadata.name. */
  readonly katalog: string;
  /** The CRD key. */
  readonly crd: string;
  /** The owning CR. */
  readonly owner: OwnerIdentity;
}

/** The labels every child of this CR carries; also the selector that finds them again. */
export function ownerLabels(origin: ChildOrigin): Record<string, string> {
  const labels: Record<string, string> = {
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_KATALOG]: toLabelValue(origin.katalog),
    [LABEL_CRD]: toLabelValue(origin.crd),
    [LABEL_OWNER]: toLabelValue(origin.owner.name),
  };
  if (origin.owner.namespace !== undefined) labels[LABEL_OWNER_NAMESPACE] = origin.owner.namespace;
  return labels;
}

/** The labels a CR's pods carry by default: what a Service without `selector` selects. */
export function instanceLabels(owner: OwnerIdentity): Record<string, string> {
  return { [LABEL_INSTANCE]: toLabelValue(owner.name) };
}

/** The selector of one workload: the CR's instance label plus the workload's own name. */
export function workloadSelector(owner: OwnerIdentity, workloadName: string): Record<string, string> {
  return { ...instanceLabels(owner), [LABEL_WORKLOAD]: toLabelValue(workloadName) };
}
