/**
 * The `ork` command line: one file per command under `commands/`. Each command parses its flags,
 * calls into `app/` (or a lower layer through its index), prints through `printer.ts` and returns an
 * exit code. Nothing below this folder reads argv or writes to the terminal.
 *
 * Only the invoked command's module is loaded: `ork run` stays a small process because it never
 * loads what `validate`, `render` or `generate` need, nor commander itself when its flags parse
 * (commands/run-flags.ts); commander answers help, errors and every other command.
 *
 * `--debug`, anywhere on the line, is global: an error then prints its stack (as ORK_DEBUG=1 does).
 */
import type { Command } from 'commander';
import { enableDebug, printError } from './printer.ts';
import { VERSION } from './version.ts';

type Register = (program: Command) => void;

/** Every command of `ork`, in help order, each loaded on demand. */
const commands: Record<string, () => Promise<Register>> = {
  init: async () => (await import('./commands/init.ts')).registerInitCommand,
  run: async () => (await import('./commands/run.ts')).registerRunCommand,
  dev: async () => (await import('./commands/dev.ts')).registerDevCommand,
  validate: async () => (await import('./commands/validate.ts')).registerValidateCommand,
  render: async () => (await import('./commands/render.ts')).registerRenderCommand,
  generate: async () => (await import('./commands/generate.ts')).registerGenerateCommand,
  control: async () => (await import('./commands/control.ts')).registerControlCommand,
  push: async () => (await import('./commands/push.ts')).registerPushCommand,
  pull: async () => (await import('./commands/pull.ts')).registerPullCommand,
  lock: async () => (await import('./commands/lock.ts')).registerLockCommand,
  discover: async () => (await import('./commands/discover.ts')).registerDiscoverCommand,
  version: async () => (await import('./commands/version.ts')).registerVersionCommand,
};

/** The registrations needed for `args`: the named command's, or all of them (help, unknown command). */
async function registrationsFor(args: readonly string[]): Promise<Register[]> {
  const named = commands[args[0] ?? ''];
  if (named !== undefined && Object.hasOwn(commands, args[0] ?? '')) return [await named()];
  return Promise.all(Object.values(commands).map((load) => load()));
}

/** Runs `ork` with the given arguments (without node and script) and resolves to its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--debug');
  if (args.length !== argv.length) enableDebug();
  try {
    const ran = args[0] === 'run' ? await runWithoutCommander(args.slice(1)) : undefined;
    return ran ?? (await withCommander(args));
  } catch (error) {
    printError(error);
    return 1;
  }
}

/** `ork run` with flags that parse, without loading commander; undefined when they do not. */
async function runWithoutCommander(args: readonly string[]): Promise<number | undefined> {
  const { parseRunFlags, runCommand } = await import('./commands/run-command.ts');
  const flags = parseRunFlags(args);
  return flags === undefined ? undefined : runCommand(flags);
}

async function withCommander(args: readonly string[]): Promise<number> {
  const { Command, CommanderError } = await import('commander');
  const program = new Command('ork')
    .description('Orkestra: run every CRD of a Katalog as a declarative Kubernetes operator')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print the stack of an error (or set ORK_DEBUG=1)')
    .exitOverride()
    .showHelpAfterError();
  for (const register of await registrationsFor(args)) register(program);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
}
