/** The flags `ork push` and `ork pull` share: credentials, the registry's CA, plain HTTP. */
import type { Command } from 'commander';
import type { RegistryFlags } from '../../app/index.ts';

/** The flags as commander parses them. */
export interface RegistryOptionValues {
  readonly username?: string;
  readonly passwordStdin?: boolean;
  readonly caFile?: string;
  readonly plainHttp?: boolean;
  /** `--progress` (true), `--no-progress` (false), or neither. */
  readonly progress?: boolean;
}

/** Adds the shared flags to a command. */
export function withRegistryFlags(command: Command): Command {
  return command
    .option(
      '-u, --username <user>',
      'registry user name (default: from the Docker config and credential helpers)',
    )
    .option('--password-stdin', 'read the password (or token) from stdin; needs --username')
    .option('--ca-file <file>', "a PEM file of the CA that signed the registry's certificate")
    .option('--plain-http', 'talk HTTP, not HTTPS (a registry on loopback without TLS)');
}

/** Adds `--progress` and `--no-progress` (the commands that move blobs). */
export function withProgressFlags(command: Command): Command {
  return command
    .option(
      '--progress',
      'print the progress of blobs over 1 MiB to stderr (default: when stderr is a terminal)',
    )
    .option('--no-progress', 'print no progress, even on a terminal');
}

/** The app's flags: the password read from stdin when asked, progress to stderr when on. */
export async function registryFlags(values: RegistryOptionValues): Promise<RegistryFlags> {
  const password = values.passwordStdin === true ? await readStdin() : undefined;
  const progress = values.progress ?? process.stderr.isTTY;
  return {
    ...(values.username === undefined ? {} : { username: values.username }),
    ...(password === undefined ? {} : { password }),
    ...(values.caFile === undefined ? {} : { caFile: values.caFile }),
    plainHttp: values.plainHttp === true,
    ...(progress ? { progress: progressWriter(process.stderr.isTTY) } : {}),
  };
}

/** On a terminal, one line rewritten in place and ended by the last; elsewhere, plain lines. */
function progressWriter(terminal: boolean): (line: string, final: boolean) => void {
  return (line, final) => {
    process.stderr.write(terminal ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
