/** `ork init NAME [--group G] [--kind K]`: scaffold an operator folder; never overwrites a file. */
import type { Command } from 'commander';
import { initTools, type InitResult } from '../../app/index.ts';
import { printError, printLine, printNote } from '../printer.ts';

interface InitFlags {
  readonly group?: string;
  readonly kind?: string;
}

function printResult(r: InitResult): void {
  const { identity: id, directory } = r;
  printLine(`✓ ${directory}: ${r.files.join(', ')}`);
  printLine(`  ${id.kind} (${id.group}/${id.version}, ${id.plural}) · operator ${id.name}`);
  printNote(
    [
      'next:',
      `  cd ${directory}`,
      '  ork validate -k katalog.yaml',
      '  ork run -k katalog.yaml --dev    # applies crd.yaml and cr.yaml, then reconciles',
    ].join('\n'),
  );
}

async function runInit(directory: string, flags: InitFlags): Promise<number> {
  try {
    const { initOperator } = await initTools();
    printResult(await initOperator({ directory, group: flags.group, kind: flags.kind }));
    return 0;
  } catch (error) {
    if (!(error instanceof (await initTools()).InitError)) throw error;
    printError(error);
    return 1;
  }
}

/** Registers `ork init`. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('scaffold an operator folder: a CRD, a Katalog, a sample CR and a README')
    .argument('<name>', 'the folder to create; its name is the operator name, e.g. my-operator')
    .option('--group <group>', 'API group of the CRD (default: <name without -operator>.example.com)')
    .option(
      '--kind <kind>',
      'kind of the CRD (default: from the name: website-operator → Website, my-operator → App)',
    )
    .action(async (directory: string, flags: InitFlags) => {
      process.exitCode = await runInit(directory, flags);
    });
}
