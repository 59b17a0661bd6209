/**
 * What the children render of a box reads, decided once from its Plan: the data paths whose values
 * fully determine the desired children of onCreate and onReconcile. When none of them changed since
 * the last render of a CR, rendering again would give the same children (most reconciles of a burst
 * are children's status updates, which change none of them), so the reconcile may reuse them.
 */
import { hash } from 'node:crypto';
import {
  isTemplateText,
  type ConditionPlan,
  type Plan,
  type ResourcePlan,
  type SecretEntry,
  type TemplateInputs,
} from '../../plan/index.ts';
import { readPath, type TemplateData } from '../../resources/index.ts';

/** The data paths a box's children render reads, sorted; no more than it reads, never fewer. */
export type RenderInputs = readonly string[];

/** What the runtime itself stamps on every child from the CR: labels, owner reference, namespace. */
const IDENTITY_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid'];

/** Roots of the template data that are not the CR: they change with no input of the CR changing. */
const UNTRACKED_ROOTS = new Set(['children', 'childList', 'external']);

/**
 * `.cross` (spec §10.1) is an input like the CR's paths: whatever part of it is read, the whole of it
 * counts, digested by the versions of what was observed (see {@link crossVersions}).
 */
export const CROSS_INPUT = 'cross';

const HOOKS = ['onCreate', 'onReconcile'] as const;

/**
 * The inputs of the box's children render, or undefined when the render must run on every pass: a
 * template of onCreate/onReconcile reads `.children`, `.external` or the whole context,
 * calls an impure function or a note, or could not be analysed; a condition or forEach reads a part
 * of the context that is not the CR; a hook calls out (`external`); a `tls` Secret (its material
 * depends on the clock); a `custom` entry whose type is a template (its scope and cache come with it).
 */
export function childrenRenderInputs(
  plan: Pick<Plan, 'key' | 'hooks' | 'templates'>,
): RenderInputs | undefined {
  const fromTemplates = templatePaths(plan);
  if (fromTemplates === undefined) return undefined;
  const paths = new Set([...IDENTITY_PATHS, ...fromTemplates]);
  for (const hook of HOOKS) {
    if (plan.hooks[hook].external.length > 0) return undefined;
    for (const resource of plan.hooks[hook].resources) {
      const read = resourcePaths(resource);
      if (read === undefined) return undefined;
      for (const path of read) paths.add(path);
    }
  }
  return [...paths].sort();
}

/** The CR paths the templates of onCreate/onReconcile read; undefined when one reads more or is unknown. */
function templatePaths(plan: Pick<Plan, 'key' | 'templates'>): string[] | undefined {
  const prefixes = HOOKS.map((hook) => `spec.crds.${plan.key}.operatorBox.${hook}.`);
  const paths: string[] = [];
  for (const template of plan.templates) {
    if (!prefixes.some((prefix) => template.path.startsWith(prefix))) continue;
    const read = trackedPaths(template.inputs);
    if (read === undefined) return undefined;
    paths.push(...read);
  }
  return paths;
}

/** The CR paths a template reads; undefined when it reads more than the CR or cannot be told. */
function trackedPaths(inputs: TemplateInputs | undefined): readonly string[] | undefined {
  if (inputs === undefined || inputs.children || inputs.external) return undefined;
  if (inputs.impure.length > 0 || inputs.notes.length > 0) return undefined;
  return inputs.cross ? [...inputs.crPaths, CROSS_INPUT] : inputs.crPaths;
}

/** The paths a resource entry reads besides its templates (conditions, forEach), or undefined. */
function resourcePaths(resource: ResourcePlan): readonly string[] | undefined {
  if (resource.group === 'secrets' && (resource.entry as SecretEntry).tls !== undefined) return undefined;
  if (resource.group === 'custom' && (isTemplateText(resource.apiVersion) || isTemplateText(resource.kind))) {
    return undefined;
  }
  const conditions: readonly ConditionPlan[] = [...resource.when, ...resource.or];
  // a templated field is one of the Plan's templates (its inputs are checked there)
  const fields = conditions.filter((c) => !c.fieldIsTemplate).map((c) => c.field);
  if (resource.forEach !== undefined) fields.push(resource.forEach.field);
  const paths = fields.map((field) => field.trim().replace(/^\./, ''));
  const root = (path: string): string => path.split('.')[0] ?? '';
  if (paths.some((path) => UNTRACKED_ROOTS.has(root(path)))) return undefined;
  return paths.map((path) => (root(path) === CROSS_INPUT ? CROSS_INPUT : path));
}

/**
 * A digest of the values at the input paths: equal digests, equal children. An absent value and
 * `null` differ (a template can tell them apart).
 */
export function inputsFingerprint(inputs: RenderInputs, data: TemplateData): string {
  const values = inputs.map((path) => {
    if (path === CROSS_INPUT) return crossVersions(data[CROSS_INPUT]);
    const value = readPath(data, path);
    return value === undefined ? 0 : [value];
  });
  // one-shot: a Hash object per call cost more than hashing the few hundred bytes of inputs
  return hash('sha256', JSON.stringify(values), 'base64');
}

/**
 * What `.cross` was made of: per entry, whether it was found, and the uid and resourceVersion of the
 * observed CR and of each of its children. Cached objects of one resourceVersion are equal, so equal
 * versions mean an equal `.cross`, and the digest costs no serialising of whole objects.
 */
export function crossVersions(cross: unknown): unknown {
  if (cross === null || typeof cross !== 'object') return 0;
  return Object.entries(cross as Record<string, unknown>).map(([as, entry]) => {
    const e = (entry ?? {}) as { found?: boolean; metadata?: unknown; children?: unknown };
    if (e.found !== true) return [as];
    const children = Object.values((e.children ?? {}) as Record<string, unknown>).map(version);
    return [as, version({ metadata: e.metadata }), children];
  });
}

function version(object: unknown): string {
  const metadata = ((object ?? {}) as { metadata?: { uid?: unknown; resourceVersion?: unknown } }).metadata;
  return `${String(metadata?.uid)}@${String(metadata?.resourceVersion)}`;
}
