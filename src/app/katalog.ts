/**
 * Loading Katalogs for a command: read the files, check them — including every template's syntax
 * and function names, which the katalog layer cannot do alone — and compile the plans.
 */
import {
  compileKatalog,
  hasErrors,
  loadKatalog,
  validateKatalog,
  type Diagnostic,
  type LoadedKatalog,
  type Plan,
  type TemplateChecker,
  type TemplateSource,
} from '../katalog/index.ts';
export { formatDiagnostics, summarizePlan, toJsonDiagnostic } from '../katalog/index.ts';
import {
  CATALOG_ARITY,
  CATALOG_SIGNATURES,
  checkTemplate,
  createFunctionCatalog,
  templateInputs,
  type TemplateDiagnostic,
} from '../template/index.ts';
import { readUserFile } from './read-file.ts';

/** What loading a set of Katalog files gave. `plans` is empty unless `ok`. */
export interface KatalogLoad {
  readonly files: readonly string[];
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly katalog: LoadedKatalog | undefined;
  readonly plans: readonly Plan[];
}

/** Loads, validates (templates included) and compiles Katalog files from disk. Never throws on bad input. */
export async function loadKatalogFiles(files: readonly string[]): Promise<KatalogLoad> {
  const loaded = await loadKatalog(files, { readFile: (p) => readUserFile(p) });
  const katalog = loaded.katalog;
  const checker = katalog ? katalogTemplateChecker([...katalog.notes.keys()]) : undefined;
  const checks = katalog && checker ? validateKatalog(katalog, { checkTemplate: checker }) : [];
  const diagnostics = [...loaded.diagnostics, ...checks];
  const ok = katalog !== undefined && !hasErrors(diagnostics);
  const plans = ok ? compileKatalog(katalog, { templateInputs }) : [];
  return { files, ok, diagnostics, sources: loaded.sources, katalog, plans };
}

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
