/**
 * The Helm chart under test and what it renders: `helm template` parsed into objects, and the
 * normal form in which the chart's objects and the bundle's are compared (the contract allows them
 * to differ only in the managed-by label, Helm's chart label, and the bundle's Namespace).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { helmOk } from '../../harness/helm.ts';

/** The chart folder. */
export const CHART_DIR = fileURLToPath(new URL('../../../charts/orkestra', import.meta.url));

/** Hand-written values for examples/01-hello-website, as `ork generate bundle --helm-values` will print them. */
export const HELLO_VALUES = fileURLToPath(new URL('hello-website.values.yaml', import.meta.url));

/** A Kubernetes object as rendered. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Parses a YAML stream into its objects (empty documents left out). */
export function parseObjects(stream: string): KubeObject[] {
  return parseAllDocuments(stream)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null && typeof o === 'object');
}

/** `helm template <release> <chart> -n <namespace> -f <values>... --set <set>...`, parsed. */
export async function renderChart(
  release: string,
  namespace: string,
  valuesFiles: readonly string[],
  set: readonly string[] = [],
): Promise<KubeObject[]> {
  const args = ['template', release, CHART_DIR, '--namespace', namespace];
  for (const file of valuesFiles) args.push('--values', file);
  for (const value of set) args.push('--set', value);
  return parseObjects(await helmOk(args));
}

/** Writes text to a file of a fresh temp folder; returns its path. */
export async function tempFile(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'ork-helm-')), name);
  await writeFile(path, text);
  return path;
}

/** `Kind namespace/name` of an object (cluster-scoped: `Kind name`). */
export function objectKey(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`;
}

/** The labels allowed to differ: who manages the object, and Helm's chart label. */
const MANAGER_LABELS = ['app.kubernetes.io/managed-by', 'helm.sh/chart'];

/**
 * The objects keyed by {@link objectKey}, in the form both renderers must agree on: without the
 * Namespace (the chart does not create its namespace) and without the manager labels, on the
 * objects and on their pod templates.
 */
export function comparableObjects(objects: readonly KubeObject[]): Map<string, KubeObject> {
  const result = new Map<string, KubeObject>();
  for (const object of objects) {
    if (object.kind === 'Namespace') continue;
    const copy = structuredClone(object);
    withoutManagerLabels(copy.metadata);
    const template = (copy['spec'] as { template?: { metadata?: KubeObject['metadata'] } } | undefined)
      ?.template;
    if (template?.metadata) withoutManagerLabels(template.metadata);
    result.set(objectKey(copy), copy);
  }
  return result;
}

function withoutManagerLabels(metadata: { labels?: Record<string, string> }): void {
  if (!metadata.labels) return;
  const kept = Object.entries(metadata.labels).filter(([label]) => !MANAGER_LABELS.includes(label));
  metadata.labels = Object.fromEntries(kept);
}
