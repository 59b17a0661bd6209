/**
 * The questions of the start-up permission check, computed from the permissions a run needs: one per
 * distinct (verb, group, resource, namespace, name), each with every reason that asks for it; whether
 * a rule the API server lists answers one (RBAC's own matching); and how a missing one reads.
 */
import type { AccessAttributes, ResourceRule } from '../../kube/index.ts';
import type { PermissionReason, Permissions, PolicyRule } from '../../bundle/index.ts';

/** One question: may this identity do `verb` on this resource, here? */
export interface PermissionCheck {
  readonly attributes: AccessAttributes;
  /** Every reason a rule gives for it (several rules may ask the same question). */
  readonly reasons: readonly PermissionReason[];
}

/** The distinct questions of `permissions`, cluster-wide ones first, in the rules' order. */
export function permissionChecks(permissions: Permissions): PermissionCheck[] {
  const checks = new Map<string, { attributes: AccessAttributes; reasons: PermissionReason[] }>();
  const add = (rule: PolicyRule, namespace: string | undefined) => {
    for (const attributes of attributesOf(rule, namespace)) {
      const key = JSON.stringify(attributes);
      const check = checks.get(key) ?? { attributes, reasons: [] };
      for (const reason of rule.reasons ?? []) {
        if (!check.reasons.some((r) => r.text === reason.text && r.crd === reason.crd))
          check.reasons.push(reason);
      }
      checks.set(key, check);
    }
  };
  for (const rule of permissions.cluster) add(rule, undefined);
  for (const { namespace, rules } of permissions.namespaced) for (const rule of rules) add(rule, namespace);
  return [...checks.values()];
}

/** Every (group, resource, verb, name) of one rule, in `namespace` (undefined: cluster-wide). */
function attributesOf(rule: PolicyRule, namespace: string | undefined): AccessAttributes[] {
  const names: (string | undefined)[] = rule.resourceNames?.length ? rule.resourceNames : [undefined];
  return rule.apiGroups.flatMap((group) =>
    rule.resources.flatMap((qualified) => {
      const [resource = '', subresource] = qualified.split('/');
      return rule.verbs.flatMap((verb) =>
        names.map((name) => ({
          verb,
          group,
          resource,
          ...(subresource === undefined ? {} : { subresource }),
          ...(namespace === undefined ? {} : { namespace }),
          ...(name === undefined ? {} : { name }),
        })),
      );
    }),
  );
}

/**
 * Whether a rule of a SelfSubjectRulesReview grants the question, matched as RBAC matches
 * (`rbac/v1` helpers: `*` in verbs, groups and resources; a subresource also matched by `*` followed by
 * `/` and its name; names only restricting when listed).
 */
export function ruleGrants(rule: ResourceRule, a: AccessAttributes): boolean {
  const has = (list: readonly string[] | undefined, value: string) =>
    list !== undefined && (list.includes('*') || list.includes(value));
  if (!has(rule.verbs, a.verb) || !has(rule.apiGroups, a.group) || !resourceMatches(rule, a)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (a.name !== undefined && names.includes(a.name));
}

/** Whether the rule's resources name the question's resource (and subresource), or a wildcard does. */
function resourceMatches(rule: ResourceRule, a: AccessAttributes): boolean {
  const resources = rule.resources ?? [];
  if (resources.includes('*')) return true;
  if (a.subresource === undefined) return resources.includes(a.resource);
  return resources.includes(`${a.resource}/${a.subresource}`) || resources.includes(`*/${a.subresource}`);
}

/**
 * One missing permission as a line, e.g. `missing permission: patch deployments.apps in namespace shop
 * — child kind Deployment of crd website`.
 */
export function describeMissing(check: PermissionCheck): string {
  const a = check.attributes;
  const resource = `${a.resource}${a.group === '' ? '' : `.${a.group}`}${a.subresource ? `/${a.subresource}` : ''}`;
  const name = a.name === undefined ? '' : ` named ${a.name}`;
  const where = a.namespace ? ` in namespace ${a.namespace}` : ' cluster-wide';
  const why = [...new Set(check.reasons.map((r) => r.text))].join('; ');
  return `missing permission: ${a.verb} ${resource}${name}${where}${why === '' ? '' : ` — ${why}`}`;
}

/**
 * The missing permissions each box needs, by CRD key: a reason naming a CRD touches its box; a
 * permission the whole process needs (or one without a reason) touches every box.
 */
export function missingByBox(
  missing: readonly PermissionCheck[],
  crdKeys: readonly string[],
): Map<string, string[]> {
  const byBox = new Map<string, string[]>();
  for (const check of missing) {
    const named = check.reasons.map((r) => r.crd);
    const keys = named.length === 0 || named.includes(undefined) ? crdKeys : named;
    for (const key of new Set(keys)) {
      if (key === undefined || !crdKeys.includes(key)) continue;
      byBox.set(key, [...(byBox.get(key) ?? []), describeMissing(check)]);
    }
  }
  return byBox;
}
