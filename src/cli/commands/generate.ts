/** `ork generate crd -k FILE` and `ork generate schema`: artefacts derived from Katalogs and the language. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import {
  formatDiagnostics,
  generateCrd,
  hasErrors,
  loadKatalog,
  renderKatalogJsonSchema,
  validateKatalog,
  type CrdDeclaration,
} from '../../katalog/index.ts';
import { printLine, printNote } from '../printer.ts';

interface CrdFlags {
  readonly katalog: string[];
}

async function generateCrds(flags: CrdFlags): Promise<number> {
  const files = flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'];
  const loaded = await loadKatalog(files, { readFile: (p) => readFile(p, 'utf8') });
  const diagnostics = [...loaded.diagnostics, ...(loaded.katalog ? validateKatalog(loaded.katalog) : [])];
  if (diagnostics.length > 0) printNote(formatDiagnostics(diagnostics, (f) => loaded.sources.get(f)));
  if (loaded.katalog === undefined || hasErrors(diagnostics)) return 1;
  const docs: string[] = [];
  for (const crd of loaded.katalog.crds) {
    if (crd.entry.crdFile === undefined) docs.push(stringify(generateCrd(crd), { lineWidth: 0 }));
    else docs.push(await crdFromFile(crd));
  }
  if (docs.length > 0)
    printLine(
      docs
        .map((d) => `---\n${d}`)
        .join('')
        .trimEnd(),
    );
  return 0;
}

/**
 * An entry with a crdFile already has its CRD, and its schema is authoritative: it is printed as
 * written (the document named `<plural>.<group>`), so the output installs exactly what `--dev` would.
 */
async function crdFromFile(crd: CrdDeclaration): Promise<string> {
  const path = resolve(dirname(crd.source.file), crd.entry.crdFile ?? '');
  const name = `${crd.apiTypes.plural}.${crd.apiTypes.group}`;
  const found = parseAllDocuments(await readFile(path, 'utf8')).find((doc) => {
    const value = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    return value?.kind === 'CustomResourceDefinition' && value.metadata?.name === name;
  });
  if (found === undefined) throw new Error(`${path}: no CustomResourceDefinition named ${name}`);
  printNote(`# ${crd.key}: the CRD of ${crd.entry.crdFile}`);
  return found.toString({ lineWidth: 0 });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `ork generate crd|schema`. */
export function registerGenerateCommand(program: Command): void {
  const generate = program
    .command('generate')
    .description('generate artefacts: CRD manifests, the JSON Schema');
  generate
    .command('crd')
    .description('print a CustomResourceDefinition (YAML) for every CRD entry without a crdFile')
    .option(
      '-k, --katalog <file>',
      'a Katalog file; repeat to merge several (default: katalog.yaml)',
      collect,
      [],
    )
    .action(async (flags: CrdFlags) => {
      process.exitCode = await generateCrds(flags);
    });
  generate
    .command('schema')
    .description('print the Katalog JSON Schema (for editors: yaml-language-server, VS Code)')
    .action(() => {
      printLine(renderKatalogJsonSchema().trimEnd());
    });
}
