/** Computes a {@link RunInput} from Katalog files (in the worker thread, or in-process for tests). */
import { dirname, resolve } from 'node:path';
import { compileSecurity, formatDiagnostics, type LoadedKatalog, type Plan } from '../../katalog/index.ts';
import { NO_SECURITY } from '../../plan/index.ts';
import { loadKatalogFiles, type LoadOptions } from '../katalog.ts';
import type { RunInput } from './run-input.ts';
import { runKatalog, type RunningOperators, type RunSettings } from './run.ts';

/** Loads, validates and compiles the files into the run's input. Never throws on bad input. */
export async function prepareRunInput(
  files: readonly string[],
  options: LoadOptions = {},
): Promise<RunInput> {
  const load = await loadKatalogFiles(files, options);
  const report =
    load.diagnostics.length > 0 ? formatDiagnostics(load.diagnostics, (f) => load.sources.get(f)) : '';
  if (!load.ok || load.katalog === undefined) {
    return {
      ok: false,
      report,
      katalogName: '',
      plans: [],
      security: NO_SECURITY,
      crdFiles: [],
      crFiles: [],
    };
  }
  return { ok: true, report, ...runInputOf(load.katalog, load.plans) };
}

/** The run's input of a loaded Katalog and its plans. */
export function runInputOf(katalog: LoadedKatalog, plans: readonly Plan[]): Omit<RunInput, 'ok' | 'report'> {
  return {
    katalogName: katalog.documents.map((d) => d.katalog.metadata.name).join('+'),
    plans,
    security: compileSecurity(katalog),
    crdFiles: devFiles(katalog, 'crdFile'),
    crFiles: devFiles(katalog, 'crFiles'),
  };
}

/** The files of one kind (crdFile or crFiles) of every enabled entry, as absolute paths. */
function devFiles(katalog: LoadedKatalog, which: 'crdFile' | 'crFiles'): string[] {
  const out: string[] = [];
  for (const crd of katalog.crds) {
    if (!crd.entry.enabled) continue;
    const base = dirname(crd.source.file);
    const files = which === 'crdFile' ? (crd.entry.crdFile ? [crd.entry.crdFile] : []) : crd.entry.crFiles;
    out.push(...files.map((f) => resolve(base, f)));
  }
  return [...new Set(out)];
}

/** Starts the operators of a loaded, valid Katalog (in-process: tests and tools). */
export function runOperators(
  katalog: LoadedKatalog,
  plans: readonly Plan[],
  options: { settings: RunSettings; signal: AbortSignal },
): Promise<RunningOperators> {
  return runKatalog(runInputOf(katalog, plans), options);
}
