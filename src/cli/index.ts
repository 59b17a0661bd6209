/**
 * The `ork` command line: one file per command under `commands/`. Each command parses its flags,
 * calls into `app/` (or a lower layer through its index), prints through `printer.ts` and returns an
 * exit code. Nothing below this folder reads argv or writes to the terminal.
 */
import { Command, CommanderError } from 'commander';
import { registerDevCommand } from './commands/dev.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerGenerateCommand } from './commands/generate.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { registerRenderCommand } from './commands/render.ts';
import { printError } from './printer.ts';
import { VERSION } from './version.ts';

/** Every command of `ork`, in help order. */
const registrations: ((program: Command) => void)[] = [
  registerInitCommand,
  registerRunCommand,
  registerDevCommand,
  registerValidateCommand,
  registerRenderCommand,
  registerGenerateCommand,
];

/** Runs `ork` with the given arguments (without node and script) and resolves to its exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const program = new Command('ork')
    .description('Orkestra: run every CRD of a Katalog as a declarative Kubernetes operator')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError();
  for (const register of registrations) register(program);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    printError(error);
    return 1;
  }
}
