/**
 * normalize at reconcile time (spec §9.1): each declared spec field is rendered to its canonical form
 * and, where that differs from the stored value, the CR is merge-patched before anything is rendered
 * from it. A CR already in canonical form costs no write.
 */
import type { KubeObject } from '../../kube/index.ts';
import { isEmptyValue, readPath, setPath, type RenderFn, type TemplateData } from '../../resources/index.ts';
import { nodeUtil } from '../../util/index.ts';

/** One normalize rule: a dotted path under `spec` and the template of its canonical value. */
export interface NormalizeRule {
  readonly path: string;
  readonly template: string;
}

/**
 * The merge patch of `spec` that makes the CR canonical, or undefined when it already is. Rules run in
 * order, each against the CR as the earlier ones left it. A field that is absent stays absent when its
 * canonical form is empty. Text that reads as the type of the stored value (a number, true/false) is
 * written with that type, so a number stays a number.
 */
export function normalizeSpecPatch(
  cr: KubeObject,
  rules: readonly NormalizeRule[],
  scope: { render: RenderFn; dataOf: (cr: KubeObject) => TemplateData },
): Record<string, unknown> | undefined {
  if (rules.length === 0) return undefined;
  const next = structuredClone<KubeObject>(cr);
  let patch: Record<string, unknown> = {};
  let data: TemplateData | undefined; // built again only after a rule changed the CR
  for (const rule of rules) {
    const spec = (next['spec'] ?? {}) as Record<string, unknown>;
    const current = readPath(spec, rule.path);
    data ??= scope.dataOf(next);
    const value = likeCurrent(scope.render(rule.template, data), current);
    if (nodeUtil.isDeepStrictEqual(value, current) || (current === undefined && isEmptyValue(value)))
      continue;
    next['spec'] = setPath(spec, rule.path, value);
    patch = setPath(patch, rule.path, value);
    data = undefined;
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}

function likeCurrent(value: unknown, current: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (typeof current === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof current === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return value;
}
