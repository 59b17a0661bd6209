/** The flags `ork push` and `ork pull` share: credentials, the registry's CA, plain HTTP. */
import type { Command } from 'commander';
import type { RegistryFlags } from '../../app/index.ts';

/** The flags as commander parses them. */
export interface RegistryOptionValues {
  readonly username?: string;
  readonly passwordStdin?: boolean;
  readonly caFile?: string;
  readonly plainHttp?: boolean;
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

/** The app's flags: the password read from stdin when asked. */
export async function registryFlags(values: RegistryOptionValues): Promise<RegistryFlags> {
  const password = values.passwordStdin === true ? await readStdin() : undefined;
  return {
    ...(values.username === undefined ? {} : { username: values.username }),
    ...(password === undefined ? {} : { password }),
    ...(values.caFile === undefined ? {} : { caFile: values.caFile }),
    plainHttp: values.plainHttp === true,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
