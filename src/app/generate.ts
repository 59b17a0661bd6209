/**
 * `ork generate crd`: a CustomResourceDefinition (YAML) per CRD entry, from Katalogs checked exactly as
 * `ork validate` checks them (templates included). An entry with a crdFile prints that file's CRD as written.
 */
import { dirname, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { formatDiagnostics, generateCrd, type CrdDeclaration } from '../katalog/index.ts';
import { loadKatalogFiles } from './katalog.ts';
import { readUserFile } from './read-file.ts';

export { renderKatalogJsonSchema } from '../katalog/index.ts';

/** One generated CRD document, and a note saying where it came from when it was read from a file. */
export interface GeneratedCrd {
  readonly yaml: string;
  readonly note: string | undefined;
}

/** What `generateCrds` produced: the formatted diagnostics, and the CRDs when the Katalogs are valid. */
export interface GenerateOutcome {
  readonly report: string | undefined;
  readonly crds: readonly GeneratedCrd[] | undefined;
}

/** Loads and checks the Katalog files, then generates one CRD per entry (undefined on errors). */
export async function generateCrds(files: readonly string[]): Promise<GenerateOutcome> {
  const load = await loadKatalogFiles(files);
  const report =
    load.diagnostics.length > 0 ? formatDiagnostics(load.diagnostics, (f) => load.sources.get(f)) : undefined;
  if (!load.ok || load.katalog === undefined) return { report, crds: undefined };
  const crds: GeneratedCrd[] = [];
  for (const crd of load.katalog.crds) {
    if (crd.entry.crdFile === undefined)
      crds.push({ yaml: stringify(generateCrd(crd), { lineWidth: 0 }), note: undefined });
    else crds.push(await crdFromFile(crd));
  }
  return { report, crds };
}

/**
 * An entry with a crdFile already has its CRD, and its schema is authoritative: it is printed as
 * written (the document named `<plural>.<group>`), so the output installs exactly what `--dev` would.
 */
async function crdFromFile(crd: CrdDeclaration): Promise<GeneratedCrd> {
  const path = resolve(dirname(crd.source.file), crd.entry.crdFile ?? '');
  const name = `${crd.apiTypes.plural}.${crd.apiTypes.group}`;
  const found = parseAllDocuments(await readUserFile(path)).find((doc) => {
    const value = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    return value?.kind === 'CustomResourceDefinition' && value.metadata?.name === name;
  });
  if (found === undefined) throw new Error(`${path}: no CustomResourceDefinition named ${name}`);
  return { yaml: found.toString({ lineWidth: 0 }), note: `# ${crd.key}: the CRD of ${crd.entry.crdFile}` };
}
