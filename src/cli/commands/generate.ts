/** `ork generate crd -k FILE` and `ork generate schema`: artefacts derived from Katalogs and the language. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import {
  formatDiagnostics,
  generateCrd,
  hasErrors,
  loadKatalog,
  renderKatalogJsonSchema,
  validateKatalog,
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
    if (crd.entry.crdFile !== undefined) {
      printNote(`# ${crd.key}: skipped, its CRD manifest is ${crd.entry.crdFile}`);
      continue;
    }
    docs.push(stringify(generateCrd(crd), { lineWidth: 0 }));
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
