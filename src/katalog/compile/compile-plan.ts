/** Compiles a loaded, validated Katalog into one immutable Plan per CRD. */
import { locate } from '../load/source-file.ts';
import { collectTemplates, type TemplateSource } from '../load/templates.ts';
import type { CrdDeclaration, LoadedKatalog } from '../load/types.ts';
import type { CrdEntry } from '../schema/katalog.ts';
import { Limits, TemplateLimits } from '../schema/limits.ts';
import { Queue } from '../schema/operator-box.ts';
import { parseDurationMs } from '../schema/primitives.ts';
import { compileCondition, compileConditions, holdsRegexCondition } from './compile-conditions.ts';
import { compileAutoscale } from './compile-autoscale.ts';
import { compileHooks } from './compile-hooks.ts';
import { compileSecurity } from './compile-security.ts';
import { toTemplateInputs, type TemplateInputsFinder } from './template-inputs.ts';
import { deepFreeze, type Plan, type PlanTemplate, type TemplateLimitsPlan } from '../../plan/index.ts';

/** The finalizer the runtime always adds. */
export const CLEANUP_FINALIZER = 'orkestra.orkspace.io/cleanup';

const ms = (text: string | undefined, fallback: number): number =>
  text === undefined ? fallback : (parseDurationMs(text) ?? fallback);

function tuning(entry: CrdEntry): Pick<Plan, 'workers' | 'resyncMs' | 'queue'> {
  const alias = entry.operatorBox.reconciler;
  const queue = entry.queue ?? alias?.queue ?? Queue.parse({});
  return {
    workers: entry.workers ?? alias?.workers ?? 2,
    resyncMs: ms(entry.resync ?? alias?.resync, 30_000),
    queue: {
      maxDepth: queue.maxDepth,
      failureThreshold: queue.failureThreshold,
      retryBackoff: {
        initialMs: ms(queue.retryBackoff.initial, 5),
        maxMs: ms(queue.retryBackoff.max, 1_000_000),
      },
    },
  };
}

function admission(entry: CrdEntry): Pick<Plan, 'normalize' | 'mutation' | 'validation' | 'conversion'> {
  const mutation = entry.mutation;
  return {
    normalize: Object.entries(entry.normalize?.spec ?? {}).map(([path, template]) => ({ path, template })),
    mutation: mutation && {
      mutateFirst: mutation.mutateFirst,
      rules: mutation.rules.map((r) => ({
        field: r.field,
        mode: r.override === undefined ? 'default' : 'override',
        value: r.override ?? r.default,
        valueType: r.valueType,
        ...compileConditions(r),
      })),
    },
    validation: (entry.validation?.rules ?? []).map((r) => ({
      rule: compileCondition({ ...r, when: undefined, or: undefined }),
      applies: compileConditions(r),
      message: r.message,
      action: r.action,
    })),
    conversion: entry.conversion,
  };
}

function observe(entry: CrdEntry, crdKeys: readonly string[]): Pick<Plan, 'cross' | 'autoscale' | 'status'> {
  const box = entry.operatorBox;
  return {
    cross: box.cross.map((c) => ({ crd: c.crd, as: c.as ?? c.crd, selector: c.selector })),
    autoscale: compileAutoscale(box, crdKeys),
    status: {
      conditions: box.status.conditions,
      fields: box.status.fields.map((f) => ({
        path: f.path,
        value: f.value,
        type: f.type,
        ...compileConditions(f),
      })),
    },
  };
}

/** Mentions of toYaml as a name (a false alarm only costs loading the YAML library). */
const TO_YAML = /\btoYaml\b/;

/** Options of {@link compileKatalog}. */
export interface CompileOptions {
  /** Finds what a template reads (the template layer's analysis); without it, inputs are unknown. */
  readonly templateInputs?: TemplateInputsFinder | undefined;
}

function withInputs(
  template: TemplateSource,
  options: CompileOptions,
  noteNames: ReadonlySet<string>,
): PlanTemplate {
  const found = options.templateInputs?.(template.source);
  return { ...template, inputs: found === undefined ? undefined : toTemplateInputs(found, noteNames) };
}

function notesAndTemplates(
  katalog: LoadedKatalog,
  own: readonly TemplateSource[],
  options: CompileOptions,
): Pick<Plan, 'notes' | 'templates' | 'callsToYaml'> {
  const notes = Object.fromEntries([...katalog.notes].map(([name, n]) => [name, n.value.expression]));
  const noted = [...katalog.notes.values()].flatMap((n) => collectTemplates(n.source, n.path));
  const noteNames = new Set(katalog.notes.keys());
  const templates = [...own, ...noted].map((t) => withInputs(t, options, noteNames));
  const texts = [...templates.map((t) => t.source), ...Object.values(notes)];
  return { notes, templates, callsToYaml: texts.some((text) => TO_YAML.test(text)) };
}

/** The template budgets of the Katalog file that declares the entry (its defaults when it sets none). */
function templateLimits(katalog: LoadedKatalog, crd: CrdDeclaration): TemplateLimitsPlan {
  const doc = katalog.documents.find((d) => d.source === crd.source);
  const limits = TemplateLimits.parse(doc?.katalog.spec.limits.templates ?? {});
  const { timeout, ...counts } = limits;
  return { ...counts, timeoutMs: parseDurationMs(timeout) ?? 2000 };
}

/** The children one CR of the entry may render, from the Katalog file that declares it. */
function maxChildren(katalog: LoadedKatalog, crd: CrdDeclaration): number {
  const doc = katalog.documents.find((d) => d.source === crd.source);
  return Limits.parse(doc?.katalog.spec.limits ?? {}).maxChildren;
}

/** The namespaces the Katalog's security restricts, for every Plan (the runtime's only input). */
function restrictedNamespaces(katalog: LoadedKatalog): readonly string[] {
  const { enabled, restrictedNamespaces: namespaces } = compileSecurity(katalog).namespaceProtection;
  return enabled ? namespaces : [];
}

function compileOne(
  crd: CrdDeclaration,
  katalog: LoadedKatalog,
  options: CompileOptions & { restricted: readonly string[] },
): Plan {
  const { entry, apiTypes, source } = crd;
  const base = ['spec', 'crds', crd.key];
  return {
    key: crd.key,
    katalog: crd.katalog.name,
    description: entry.description,
    enabled: entry.enabled,
    gvk: { group: apiTypes.group, version: apiTypes.version, kind: apiTypes.kind },
    apiVersion: `${apiTypes.group}/${apiTypes.version}`,
    plural: apiTypes.plural,
    scope: apiTypes.scope,
    ...tuning(entry),
    namespaces: entry.namespaces,
    labelSelector: entry.labelSelector,
    dependsOn: entry.dependsOn,
    finalizers: [CLEANUP_FINALIZER, ...entry.operatorBox.finalizers.filter((f) => f !== CLEANUP_FINALIZER)],
    hooks: compileHooks(source, entry.operatorBox, [...base, 'operatorBox']),
    ...admission(entry),
    ...observe(
      entry,
      katalog.crds.map((c) => c.key),
    ),
    providers: entry.operatorBox.providers,
    ...notesAndTemplates(katalog, collectTemplates(source, base), options),
    templateLimits: templateLimits(katalog, crd),
    usesRegex: holdsRegexCondition(entry),
    maxChildren: maxChildren(katalog, crd),
    restrictedNamespaces: options.restricted,
    location: locate(source, base, 'key'),
  };
}

/**
 * Compiles every CRD entry of a loaded Katalog (call after `validateKatalog` reported no errors) into
 * deeply frozen Plans, in declaration order. Disabled entries are included with `enabled: false`.
 */
export function compileKatalog(katalog: LoadedKatalog, options: CompileOptions = {}): readonly Plan[] {
  const restricted = restrictedNamespaces(katalog);
  return deepFreeze(katalog.crds.map((crd) => compileOne(crd, katalog, { ...options, restricted })));
}
