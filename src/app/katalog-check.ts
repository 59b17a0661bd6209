/**
 * The template check of Katalog validation (syntax, unknown functions, arity, argument types), which the
 * katalog layer cannot do alone: it does not know the template engine.
 */
import type { Diagnostic, TemplateChecker, TemplateSource } from '../katalog/index.ts';
import {
  CATALOG_ARITY,
  CATALOG_SIGNATURES,
  checkTemplate,
  createFunctionCatalog,
  type TemplateDiagnostic,
} from '../template/index.ts';

/** Names of the template data context (spec §6.2): a bare `children` is almost always a missing dot. */
const DATA_FIELDS = [
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'status',
  'children',
  'childList',
  'cross',
  'external',
  'metrics',
  'item',
  'index',
  'key',
];

/** The template check of Katalog validation: syntax, and functions neither built in, in the catalog nor a note. */
export function katalogTemplateChecker(noteNames: readonly string[]): TemplateChecker {
  const catalog = Object.keys(createFunctionCatalog({ clock: () => new Date(0) }));
  const known = [...catalog, ...noteNames];
  // A note runs against the root data or its one argument (see createNoteFunctions).
  const arities = new Map([...CATALOG_ARITY, ...noteNames.map((n) => [n, [0, 1] as const] as const)]);
  // A note named like a catalog function replaces it: its one argument is of any type.
  const signatures = new Map([...CATALOG_SIGNATURES].filter(([n]) => !noteNames.includes(n)));
  return (t) => checkTemplate(t.source, known, { arities, signatures }).map((d) => toDiagnostic(t, d));
}

const TEMPLATE_CODES: Readonly<Record<TemplateDiagnostic['code'], string>> = {
  syntax: 'template-syntax',
  'unknown-function': 'template-unknown-function',
  arity: 'template-arity',
  'argument-type': 'template-argument-type',
};

function toDiagnostic(t: TemplateSource, d: TemplateDiagnostic): Diagnostic {
  const { location } = t;
  const sameLine = d.position.line === 1;
  const line = location.line + (sameLine ? 0 : d.position.line - 1);
  const column = sameLine ? location.column + d.position.col : location.column;
  const name = /function "([^"]+)"/.exec(d.message)?.[1];
  const field = name !== undefined && DATA_FIELDS.includes(name) ? name : undefined;
  const message =
    d.code === 'syntax'
      ? `template: ${d.message}`
      : field !== undefined
        ? `template: unknown function ${field} — did you mean .${field}?`
        : `template: ${d.message}`;
  return {
    file: location.file,
    line,
    column,
    endLine: line,
    endColumn: column + 1,
    severity: 'error',
    code: TEMPLATE_CODES[d.code],
    message,
    path: t.path,
  };
}
