/** The semantic checks of a loaded Katalog, all reported at once. */
import { sortDiagnostics } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { collectTemplates } from '../load/templates.ts';
import type { TemplateSource } from '../load/templates.ts';
import type { LoadedKatalog } from '../load/types.ts';
import { checkAdmission } from './check-admission.ts';
import { checkBoxes } from './check-box.ts';
import { checkCrds } from './check-crds.ts';
import { checkSupport } from './check-support.ts';
import { Reporter } from './report.ts';

/** Checks one template's syntax and functions; returns its diagnostics (empty when fine). */
export type TemplateChecker = (template: TemplateSource) => Diagnostic[];

/** Options of `validateKatalog`. */
export interface ValidateOptions {
  /**
   * Checks every template of the Katalog (syntax, unknown functions). The katalog layer cannot parse
   * templates itself; the CLI/app wires the template engine here. Note names (user-defined functions)
   * are available as `LoadedKatalog.notes`. Default: templates are not checked.
   */
  readonly checkTemplate?: TemplateChecker;
}

/** Every template of every Katalog file, in file and document order. */
export function listTemplates(katalog: LoadedKatalog): TemplateSource[] {
  return katalog.documents.flatMap((doc) => collectTemplates(doc.source));
}

/**
 * Runs every semantic check (CRD keys and identities, dependsOn cycles, cross references, providers,
 * name collisions, unsupported settings and keys not supported yet, conversion paths, notes, and templates through the hook) and
 * returns all diagnostics sorted by position. Never throws for bad input.
 */
export function validateKatalog(katalog: LoadedKatalog, options: ValidateOptions = {}): Diagnostic[] {
  const reporter = new Reporter();
  checkCrds(katalog, reporter);
  checkBoxes(katalog, reporter);
  checkAdmission(katalog, reporter);
  checkSupport(katalog.documents, reporter);
  const templates =
    options.checkTemplate === undefined ? [] : listTemplates(katalog).flatMap(options.checkTemplate);
  return sortDiagnostics([...reporter.diagnostics, ...templates]);
}
