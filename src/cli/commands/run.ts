/**
 * `ork run -k katalog.yaml` through commander: its help, and its errors for flags that do not
 * parse. A plain `ork run` skips this and commander altogether (cli/index.ts).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { runCommand } from './run-command.ts';
import { commanderFlags, FlagValueError, RUN_FLAGS, type RunFlag, type RunFlags } from './run-flags.ts';

/** Registers `ork run`. */
export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('run every CRD of the Katalog as an isolated operator in this process');
  for (const flag of RUN_FLAGS) addOption(command, flag);
  command.action(async (flags: RunFlags) => {
    process.exitCode = await runCommand(flags);
  });
}

function addOption(command: Command, flag: RunFlag): void {
  const flags = commanderFlags(flag);
  const { parse } = flag;
  if (flag.multiple !== undefined) command.option(flags, flag.description, collect, []);
  else if (parse !== undefined)
    command.option(flags, flag.description, (value: string) => parsed(parse, value));
  else if (flag.default !== undefined) command.option(flags, flag.description, flag.default);
  else command.option(flags, flag.description);
}

/** A flag's parser, its complaint turned into commander's "argument is invalid" error. */
function parsed(parse: (value: string) => unknown, value: string): unknown {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof FlagValueError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
