/**
 * The template data context (spec §6.2): the CR's `.apiVersion .kind .metadata .spec .status`, its live
 * children as `.children.<kind>` (the newest of that lowercase kind) and `.childList.<kind>` (all, oldest
 * first), and `.cross`, `.external`, `.metrics` as the runtime gathered them.
 */
import type { Manifest, TemplateData } from './types.ts';

/** Input of {@link buildTemplateData}. */
export interface DataContextInput {
  /** The CR after normalize and mutation. */
  readonly cr: Manifest;
  /** The CR's live children, from the cache. @default [] */
  readonly children?: readonly Manifest[] | undefined;
  /** Observed CRs of other operators, by `as`. @default {} */
  readonly cross?: Readonly<Record<string, unknown>> | undefined;
  /** Results of external calls, by name. @default {} */
  readonly external?: Readonly<Record<string, unknown>> | undefined;
  /** This box's own metrics. @default {} */
  readonly metrics?: Readonly<Record<string, unknown>> | undefined;
}

function createdAt(child: Manifest): string {
  const stamp = child.metadata?.['creationTimestamp'];
  return typeof stamp === 'string' ? stamp : '';
}

/** Groups children by lowercase kind, each group oldest first (ties keep their input order). */
export function groupChildren(children: readonly Manifest[]): Record<string, Manifest[]> {
  const groups: Record<string, Manifest[]> = {};
  for (const child of children) {
    const kind = (child.kind ?? '').toLowerCase();
    if (kind === '') continue;
    (groups[kind] ??= []).push(child);
  }
  for (const list of Object.values(groups)) list.sort((a, b) => compareText(createdAt(a), createdAt(b)));
  return groups;
}

/** Builds the data every template and condition of one reconcile sees. */
export function buildTemplateData(input: DataContextInput): TemplateData {
  const childList = groupChildren(input.children ?? []);
  const children: Record<string, Manifest> = {};
  for (const [kind, list] of Object.entries(childList)) {
    const newest = list[list.length - 1];
    if (newest !== undefined) children[kind] = newest;
  }
  const { cr } = input;
  return {
    apiVersion: cr.apiVersion,
    kind: cr.kind,
    metadata: cr.metadata ?? {},
    spec: cr['spec'] ?? {},
    status: cr['status'] ?? {},
    children,
    childList,
    cross: input.cross ?? {},
    external: input.external ?? {},
    metrics: input.metrics ?? {},
  };
}

/** Ordinal comparison (RFC 3339 timestamps of one format sort as text); no locale data needed. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
