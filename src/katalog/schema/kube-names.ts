/**
 * The names the API server accepts, checked where a Katalog writes them literally (a value holding a
 * template is checked when it renders): label keys and values, annotation keys, and namespaces, with
 * the rules of util/kube-names.ts.
 */
import { z } from 'zod';
import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  labelValueProblem,
  qualifiedNameProblem,
  serviceNameProblem,
} from '../../util/index.ts';
import { isTemplate } from './primitives.ts';

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

/** A literal text checked by `problem` (templates are not allowed here: the API server needs it as is). */
function apiName(problem: (text: string) => string | undefined, what: string) {
  return z.string().superRefine((text, ctx) => {
    const why = problem(text);
    if (why !== undefined)
      ctx.addIssue({ code: 'custom', input: text, message: `must be a valid ${what}: ${why}` });
  });
}

function groupProblem(group: string): string | undefined {
  return (
    dnsSubdomainProblem(group) ?? (group.includes('.') ? undefined : 'a CRD group holds at least one "."')
  );
}

/** A CRD's API group: a DNS subdomain with at least one dot, as the API server requires of CRDs. */
export const apiGroup = apiName(groupProblem, 'API group');

/** A version (`v1alpha1`): a DNS-1035 label. */
export const apiVersionName = apiName(serviceNameProblem, 'API version');

/** A kind (`Website`): its lowercase form is a DNS-1035 label, as the API server requires. */
export const kindName = apiName((kind) => serviceNameProblem(kind.toLowerCase()), 'kind');

/** A plural resource name: a DNS-1123 label. */
export const pluralName = apiName(dnsLabelProblem, 'plural resource name');
