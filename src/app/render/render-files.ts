/**
 * The files of `ork render`: the Katalogs (loaded, validated and compiled as `ork validate` does), the
 * CR files (multi-document) and a folder of live children (YAML or JSON, `kind: List` expanded).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../kube/index.ts';
import { formatDiagnostics, hasErrors, parseYamlObjects, type Diagnostic } from '../../katalog/index.ts';
import { loadKatalogFiles, type KatalogLoad } from '../katalog.ts';
import { readFailure, readUserFile } from '../read-file.ts';
import { readSpecSchemas } from './render-crd.ts';
import { RenderError, renderCustomResources, type RenderReport } from './render.ts';

/** What `ork render` was asked to do. */
export interface RenderOptions {
  /** Katalog files, merged. */
  readonly katalogFiles: readonly string[];
  /** CR files; each may hold several documents. */
  readonly crFiles: readonly string[];
  /** A folder of live children, read recursively (`.yaml`, `.yml`, `.json`). */
  readonly childrenDir?: string | undefined;
  /** Render every CR with this CRD entry. */
  readonly crd?: string | undefined;
  /** Namespace of a namespaced CR that names none. @default 'default' */
  readonly namespace?: string | undefined;
  /** The lock file a Komposer's sources are fetched by (`--lock`); else ORK_LOCK_FILE. */
  readonly lock?: string | undefined;
  /** Clock of templates and status times. @default the system clock */
  readonly now?: (() => Date) | undefined;
}

/** The Katalog load (diagnostics included) and, when it is valid, the report. */
export interface RenderOutcome {
  readonly load: KatalogLoad;
  readonly report: RenderReport | undefined;
}

/** The objects of a file, with where each starts (`file:line:col`). */
interface FileObjects {
  readonly objects: KubeObject[];
  readonly where: string[];
}

function reportOf(diagnostics: readonly Diagnostic[], file: string, text: string): string {
  return formatDiagnostics(diagnostics, (f) => (f === file ? text : undefined));
}

/**
 * Every object of a YAML/JSON text; `kind: *List` documents give their items.
 * @throws RenderError with the located diagnostics when the text is not YAML of objects
 */
export function parseObjects(text: string, file: string): KubeObject[] {
  return parseLocatedObjects(text, file).objects;
}

function parseLocatedObjects(text: string, file: string): FileObjects {
  const { objects, diagnostics } = parseYamlObjects(file, text);
  if (hasErrors(diagnostics)) {
    const first = diagnostics[0];
    const at = first === undefined ? file : `${file}:${String(first.line)}:${String(first.column)}`;
    throw new RenderError(`${at}: ${first?.message ?? 'cannot read'}`, reportOf(diagnostics, file, text));
  }
  const out: FileObjects = { objects: [], where: [] };
  for (const { value, location } of objects) {
    const at = `${file}:${String(location.line)}:${String(location.column)}`;
    const items = value['items'];
    const list = typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(items);
    const found = list ? (items as unknown[]).filter(isObject) : [value as KubeObject];
    out.objects.push(...found);
    out.where.push(...found.map(() => at));
  }
  return out;
}

/** Why `value` cannot be a custom resource the API server would store; undefined when it can. */
export function crShapeProblem(value: Record<string, unknown>): string | undefined {
  const { apiVersion, kind, metadata, spec } = value;
  if (!nonEmpty(apiVersion)) return 'the CR has no apiVersion';
  if (!nonEmpty(kind)) return 'the CR has no kind';
  return (
    metadataProblem(metadata) ??
    (spec !== undefined && spec !== null && !isObject(spec) ? 'spec must be a map' : undefined)
  );
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function metadataProblem(metadata: unknown): string | undefined {
  if (!isObject(metadata)) return 'the CR has no metadata map';
  const { name, namespace } = metadata as Record<string, unknown>;
  if (!nonEmpty(name)) return 'the CR has no metadata.name (a non-empty string)';
  if (namespace !== undefined && typeof namespace !== 'string') return 'metadata.namespace must be a string';
  return undefined;
}

/** The CRs of the CR files, each one the API server could store. @throws RenderError, located */
function checkCrs(crs: FileObjects): void {
  const problems = crs.objects.flatMap((cr, i) => {
    const problem = crShapeProblem(cr);
    return problem === undefined ? [] : [`${crs.where[i] ?? '?'}: ${problem}`];
  });
  if (problems.length > 0)
    throw new RenderError(problems[0] ?? '', problems.map((p) => `error: ${p}`).join('\n'));
}

function isObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readObjects(file: string): Promise<FileObjects> {
  let text: string;
  try {
    text = await readUserFile(file);
  } catch (error) {
    throw new RenderError(`cannot read ${file}: ${readFailure(error)}`);
  }
  return parseLocatedObjects(text, file);
}

/** The manifest files under `dir`, sorted, recursively. */
async function manifestFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new RenderError(`--children ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function readAll(files: readonly string[]): Promise<FileObjects> {
  const lists = await Promise.all(files.map(readObjects));
  return { objects: lists.flatMap((l) => l.objects), where: lists.flatMap((l) => l.where) };
}

/**
 * Loads the Katalogs and, when they are valid, renders every CR of the CR files.
 * @throws RenderError when a CR or children file cannot be read or parsed, or holds no CR.
 */
export async function renderFiles(options: RenderOptions): Promise<RenderOutcome> {
  const load = await loadKatalogFiles(options.katalogFiles, { lock: options.lock });
  if (!load.ok || load.katalog === undefined) return { load, report: undefined };
  const crs = await readAll(options.crFiles);
  if (crs.objects.length === 0)
    throw new RenderError(`no CR in ${options.crFiles.join(', ')}: the file holds no YAML document`);
  checkCrs(crs);
  const children = options.childrenDir ? await readAll(await manifestFiles(options.childrenDir)) : undefined;
  const report = await renderCustomResources({
    plans: load.plans,
    crs: crs.objects,
    children: children?.objects ?? [],
    crd: options.crd,
    namespace: options.namespace,
    now: options.now,
    specSchemas: await readSpecSchemas(load.katalog),
  });
  return { load, report: locateErrors(report, crs.where) };
}

/** Each result with where its CR is written (the results are in the CRs' order). */
function locateErrors(report: RenderReport, where: readonly string[]): RenderReport {
  const results = report.results.map((r, i) => ({ ...r, at: where[i] }));
  return { ...report, results };
}
