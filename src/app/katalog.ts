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
  isKomposerText,
} from '../katalog/index.ts';
export { formatDiagnostics, summarizePlan, toJsonDiagnostic } from '../katalog/index.ts';
import { templateInputs } from '../template/index.ts';
import { katalogTemplateChecker } from './katalog-check.ts';
import { readUserFile } from './read-file.ts';

export { katalogTemplateChecker };

/** What loading a set of Katalog files gave. `plans` is empty unless `ok`. */
export interface KatalogLoad {
  readonly files: readonly string[];
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly katalog: LoadedKatalog | undefined;
  readonly plans: readonly Plan[];
}

/** How Katalog files are loaded. */
export interface LoadOptions {
  /** The lock file a Komposer's sources are fetched by (`--lock`); else ORK_LOCK_FILE; else none. */
  readonly lock?: string | undefined;
}

/**
 * Loads, validates (templates included) and compiles Katalog files from disk. Never throws on bad input.
 * A Komposer among them (spec §12) is composed: its sources fetched (by their pins under a lock), its
 * overrides merged in.
 */
export async function loadKatalogFiles(
  files: readonly string[],
  options: LoadOptions = {},
): Promise<KatalogLoad> {
  const komposer = await komposerAmong(files);
  if (komposer !== undefined) {
    const { loadKomposer } = await import('./komposer.ts');
    return loadKomposer(
      komposer,
      files.filter((f) => f !== komposer),
      options,
    );
  }
  const loaded = await loadKatalog(files, { readFile: (p) => readUserFile(p) });
  const katalog = loaded.katalog;
  const checker = katalog ? katalogTemplateChecker([...katalog.notes.keys()]) : undefined;
  const checks = katalog && checker ? validateKatalog(katalog, { checkTemplate: checker }) : [];
  const diagnostics = [...loaded.diagnostics, ...checks];
  const ok = katalog !== undefined && !hasErrors(diagnostics);
  const plans = ok ? compileKatalog(katalog, { templateInputs }) : [];
  return { files, ok, diagnostics, sources: loaded.sources, katalog, plans };
}

/** The first Komposer file among `files` (a file that cannot be read is left to the loader to report). */
async function komposerAmong(files: readonly string[]): Promise<string | undefined> {
  for (const file of files) {
    const text = await readUserFile(file).catch(() => '');
    if (isKomposerText(text)) return file;
  }
  return undefined;
}
