/** `ork generate crd -k FILE` and `ork generate schema`: artefacts derived from Katalogs and the language. */
import type { Command } from 'commander';
import { generateTools } from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';

interface CrdFlags {
  readonly katalog: string[];
}

async function printCrds(flags: CrdFlags): Promise<number> {
  const files = flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'];
  const { report, crds } = await (await generateTools()).generateCrds(files);
  if (report !== undefined) printNote(report);
  if (crds === undefined) return 1;
  for (const crd of crds) if (crd.note !== undefined) printNote(crd.note);
  if (crds.length > 0)
    printLine(
      crds
        .map((d) => `---\n${d.yaml}`)
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
      process.exitCode = await printCrds(flags);
    });
  generate
    .command('schema')
    .description('print the Katalog JSON Schema (for editors: yaml-language-server, VS Code)')
    .action(async () => {
      printLine((await generateTools()).renderKatalogJsonSchema().trimEnd());
    });
}
