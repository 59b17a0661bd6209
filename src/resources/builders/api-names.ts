/**
 * The last check of a built child before it can reach the API server: its name, namespace, label keys
 * and values and annotation keys must be ones the API server accepts. A name or label rendered from a CR
 * field (a `metadata.name` of 100,000 characters, a label value with a space) is a reconcile error that
 * names the entry and the field, instead of a refusal from the server or a child that never converges.
 */
import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  labelValueProblem,
  pathSegmentProblem,
  qualifiedNameProblem,
  serviceNameProblem,
} from '../../util/index.ts';
import { isRecord } from '../path.ts';
import type { Manifest } from '../types.ts';

/** What {@link ChildFieldError} reports. */
interface Refusal {
  /** The entry, e.g. `onReconcile.configMaps[0]`. */
  readonly entry: string;
  /** The manifest field, e.g. `metadata.labels.tier`. */
  readonly field: string;
  readonly value: string;
  readonly why: string;
}

/** A value shown in a message: a long one is cut (a CR may bring 100,000 characters). */
function shown(value: string): string {
  if (value.length <= 80) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, 60))}… (${String(value.length)} characters)`;
}

/** A built child the API server would refuse: names the entry, the field and why. */
export class ChildFieldError extends Error {
  /** The entry, e.g. `onReconcile.configMaps[0]`. */
  readonly entry: string;
  /** The manifest field, e.g. `metadata.labels.tier`. */
  readonly field: string;
  constructor(refusal: Refusal) {
    const { entry, field, value, why } = refusal;
    super(`${entry}: ${field} ${shown(value)} would be refused by the API server: ${why}`);
    this.name = 'ChildFieldError';
    this.entry = entry;
    this.field = field;
  }
}

type Rule = (text: string) => string | undefined;

const RBAC_KINDS = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

/** The name rule of a kind (apimachinery's per-kind validators); other kinds take the lenient path rule. */
function nameRuleOf(manifest: Manifest, group: string): Rule {
  const kind = String(manifest.kind);
  if (group === 'custom' && !RBAC_KINDS.has(kind)) return lengthAndPath;
  if (kind === 'Service') return serviceNameProblem;
  if (kind === 'Namespace') return dnsLabelProblem;
  return RBAC_KINDS.has(kind) ? pathSegmentProblem : dnsSubdomainProblem;
}

function lengthAndPath(name: string): string | undefined {
  return name.length > 253
    ? `it has ${String(name.length)} characters; at most 253`
    : pathSegmentProblem(name);
}

interface MapCheck {
  readonly entry: string;
  readonly field: string;
  readonly map: unknown;
  /** The rule of the values; undefined: values are free text. */
  readonly value: Rule | undefined;
}

function checkMap(check: MapCheck): void {
  const { entry, field, map, value } = check;
  if (!isRecord(map)) return;
  for (const [key, v] of Object.entries(map)) {
    const keyWhy = qualifiedNameProblem(key);
    if (keyWhy !== undefined)
      throw new ChildFieldError({ entry, field: `${field} key`, value: key, why: keyWhy });
    const why = value === undefined || typeof v !== 'string' ? undefined : value(v);
    if (why !== undefined)
      throw new ChildFieldError({ entry, field: `${field}.${key}`, value: String(v), why });
  }
}

/**
 * Checks the name, namespace, labels and annotation keys of a built child.
 * @throws ChildFieldError naming `entry` and the first field the API server would refuse.
 */
export function assertApiNames(manifest: Manifest, at: { entry: string; group: string }): void {
  const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const nameWhy = nameRuleOf(manifest, at.group)(name);
  if (nameWhy !== undefined) {
    throw new ChildFieldError({ entry: at.entry, field: 'metadata.name', value: name, why: nameWhy });
  }
  const namespace = metadata['namespace'];
  const nsWhy = typeof namespace === 'string' ? dnsLabelProblem(namespace) : undefined;
  if (nsWhy !== undefined) {
    throw new ChildFieldError({
      entry: at.entry,
      field: 'metadata.namespace',
      value: String(namespace),
      why: nsWhy,
    });
  }
  checkMap({ entry: at.entry, field: 'metadata.labels', map: metadata['labels'], value: labelValueProblem });
  checkMap({
    entry: at.entry,
    field: 'metadata.annotations',
    map: metadata['annotations'],
    value: undefined,
  });
}
