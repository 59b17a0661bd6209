/**
 * The files of `ork render`: the Katalogs (loaded, validated and compiled as `ork validate` does), the
 * CR files (multi-document) and a folder of live children (YAML or JSON, `kind: List` expanded).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../kube/index.ts';
import { loadKatalogFiles, type KatalogLoad } from '../katalog.ts';
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
  /** Clock of templates and status times. @default the system clock */
  readonly now?: (() => Date) | undefined;
}

/** The Katalog load (diagnostics included) and, when it is valid, the report. */
export interface RenderOutcome {
  readonly load: KatalogLoad;
  readonly report: RenderReport | undefined;
}

function isObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object of a YAML/JSON text; `kind: *List` documents give their items. @throws RenderError */
export function parseObjects(text: string, file: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    const error = doc.errors[0];
    if (error !== undefined) throw new RenderError(`${file}: ${error.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new RenderError(`${file}: a document is not an object`);
    const items = value['items'];
    if (value.kind?.endsWith('List') === true && Array.isArray(items)) out.push(...items.filter(isObject));
    else out.push(value);
  }
  return out;
}

async function readObjects(file: string): Promise<KubeObject[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RenderError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseObjects(text, file);
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

async function readAll(files: readonly string[]): Promise<KubeObject[]> {
  const lists = await Promise.all(files.map(readObjects));
  return lists.flat();
}

/**
 * Loads the Katalogs and, when they are valid, renders every CR of the CR files.
 * @throws RenderError when a CR or children file cannot be read or parsed, or holds no CR.
 */
export async function renderFiles(options: RenderOptions): Promise<RenderOutcome> {
  const load = await loadKatalogFiles(options.katalogFiles);
  if (!load.ok || load.katalog === undefined) return { load, report: undefined };
  const crs = await readAll(options.crFiles);
  if (crs.length === 0) throw new RenderError(`no CR in ${options.crFiles.join(', ')}`);
  const children = options.childrenDir ? await readAll(await manifestFiles(options.childrenDir)) : [];
  const report = await renderCustomResources({
    plans: load.plans,
    crs,
    children,
    crd: options.crd,
    namespace: options.namespace,
    now: options.now,
    specSchemas: await readSpecSchemas(load.katalog),
  });
  return { load, report };
}
