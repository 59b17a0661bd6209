/**
 * The names the API server accepts, checked where a Katalog writes them literally (a value holding a
 * template is checked when it renders): label keys and values, annotation keys, and namespaces, with
 * the rules of util/kube-names.ts.
 */
import { z } from 'zod';
import { labelValueProblem, dnsLabelProblem, qualifiedNameProblem } from '../../util/index.ts';
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
