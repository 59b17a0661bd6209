/** Computes a {@link RunInput} from Katalog files (in the worker thread, or in-process for tests). */
import { dirname, resolve } from 'node:path';
import { compileSecurity, formatDiagnostics, type LoadedKatalog, type Plan } from '../../katalog/index.ts';
import type { KatalogSource } from '../../server/index.ts';
import type { KatalogLoad } from '../katalog.ts';
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
  return { ok: true, report, ...runInputOf(load.katalog, load.plans), source: sourceOf(load) };
}

/** The text the run keeps of its Katalog, in all: past it, files are cut (a Katalog is a few KB). */
const MAX_SOURCE_BYTES = 1 << 20;
/** The diagnostics it keeps. */
const MAX_DIAGNOSTICS = 200;

/** The Katalog's files and diagnostics as the HTTP API shows them, bounded. */
export function sourceOf(load: Pick<KatalogLoad, 'sources' | 'diagnostics'>): KatalogSource {
  let room = MAX_SOURCE_BYTES;
  const files = [...load.sources].map(([path, text]) => {
    const kept = text.length <= room ? text : text.slice(0, Math.max(0, room));
    room -= kept.length;
    return kept.length === text.length ? { path, text } : { path, text: kept, truncated: true };
  });
  const diagnostics = load.diagnostics.slice(0, MAX_DIAGNOSTICS).map((d) => ({
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    path: d.path,
  }));
  return { files, diagnostics };
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
  options: { settings: RunSettings; signal: AbortSignal; source?: KatalogSource | undefined },
): Promise<RunningOperators> {
  const source = options.source === undefined ? {} : { source: options.source };
  return runKatalog({ ...runInputOf(katalog, plans), ...source }, options);
}
