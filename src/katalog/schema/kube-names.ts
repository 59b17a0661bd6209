/**
 * The names the API server accepts, checked where a Katalog writes them literally (a value holding a
 * template is checked when it renders): label keys and values, annotation keys, and the label maps
 * built on them. The rules are Kubernetes' own (apimachinery `validation.IsQualifiedName`,
 * `IsValidLabelValue`, `IsDNS1123Subdomain`, `IsDNS1123Label`).
 */
import { z } from 'zod';
import { isTemplate } from './primitives.ts';

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `key` is not a label or annotation key (`prefix/name`), or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'its prefix (before "/") must be a lowercase DNS subdomain of at most 253 characters';
  }
  if (name.length === 0 || name.length > 63) return 'its name (after any "/") must be 1 to 63 characters';
  if (!NAME_PART.test(name)) {
    return 'its name must be letters, digits, "-", "_" or "." and begin and end with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a label value, or undefined when it is one (empty is one). */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `it has ${String(value.length)} characters; a label value has at most 63`;
  if (value !== '' && !NAME_PART.test(value)) {
    return 'a label value is letters, digits, "-", "_" or "." and begins and ends with a letter or digit';
  }
  return undefined;
}

/** Why `name` is not a DNS-1123 label (a namespace name), or undefined when it is one. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return `it has ${String(name.length)} characters; at most 63`;
  if (!DNS1123_LABEL.test(name)) {
    return 'it must be lowercase letters, digits and "-", beginning and ending with a letter or digit';
  }
  return undefined;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a DNS-1035 label (a Service name), or undefined when it is one. */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length > 63) return `it has ${String(name.length)} characters; at most 63`;
  if (!DNS1035_LABEL.test(name)) {
    return 'it must be lowercase letters, digits and "-", beginning with a letter and ending with a letter or digit';
  }
  return undefined;
}

/** Why `name` is not a path segment name (RBAC object names such as `system:reader`), or undefined. */
export function pathSegmentProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return 'it must not be empty, "." or ".."';
  if (/[/%]/.test(name)) return 'it must not contain "/" or "%"';
  return undefined;
}

/** Why `name` is not a DNS-1123 subdomain (most object names), or undefined when it is one. */
export function dnsSubdomainProblem(name: string): string | undefined {
  if (name.length > 253) return `it has ${String(name.length)} characters; at most 253`;
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return 'it must be lowercase letters, digits, "-" and ".", beginning and ending with a letter or digit';
  }
  return undefined;
}

type Ctx = z.core.$RefinementCtx;

/** Reports each literal key of `map` that `problem` refuses, at the key (a key with `{{` renders later). */
function checkKeys(map: Record<string, string>, ctx: Ctx, what: string): void {
  for (const key of Object.keys(map)) {
    const why = isTemplate(key) ? undefined : qualifiedNameProblem(key);
    if (why === undefined) continue;
    ctx.addIssue({
      code: 'custom',
      path: [key],
      input: key,
      message: `${JSON.stringify(key)} is not a valid ${what} key: ${why}`,
    });
  }
}

function checkLabelValues(map: Record<string, string>, ctx: Ctx): void {
  for (const [key, value] of Object.entries(map)) {
    const why = isTemplate(value) ? undefined : labelValueProblem(value);
    if (why === undefined) continue;
    ctx.addIssue({
      code: 'custom',
      path: [key],
      input: value,
      message: `must be a valid label value: ${why}`,
    });
  }
}

/** Labels (or a label selector): keys and literal values as the API server accepts them. */
export const labelMap = z.record(z.string(), z.string()).superRefine((map, ctx) => {
  checkKeys(map, ctx, 'label');
  checkLabelValues(map, ctx);
});

/** Annotations: keys as the API server accepts them; values are free text (templates). */
export const annotationMap = z.record(z.string(), z.string()).superRefine((map, ctx) => {
  checkKeys(map, ctx, 'annotation');
});

/** A namespace name, or a template rendering to one. */
export const namespaceName = z.string().superRefine((name, ctx) => {
  const why = isTemplate(name) ? undefined : dnsLabelProblem(name);
  if (why !== undefined) {
    ctx.addIssue({ code: 'custom', input: name, message: `must be a valid namespace name: ${why}` });
  }
});
