/** `ork push <file|dir> <ref>`: a Katalog to an OCI registry; prints the manifest's digest. */
import type { Command } from 'commander';
import { registryTools } from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';
import {
  registryFlags,
  withProgressFlags,
  withRegistryFlags,
  type RegistryOptionValues,
} from './registry-flags.ts';

/** Registers `ork push`. */
export function registerPushCommand(program: Command): void {
  withProgressFlags(
    withRegistryFlags(
      program
        .command('push')
        .description('push a Katalog file or folder to an OCI registry as an artifact; prints its digest')
        .argument('<path>', 'a Katalog file, or a folder of Katalog files')
        .argument('<ref>', 'registry/repository:tag'),
    ),
  )
    .option('--source <url>', 'the org.opencontainers.image.source annotation (where the Katalog lives)')
    .option(
      '--attach <subject>',
      'attach the Katalog to this manifest (an app image or chart, same repository) as an OCI 1.1 referrer',
    )
    .action(
      async (
        path: string,
        ref: string,
        values: RegistryOptionValues & { source?: string; attach?: string },
      ) => {
        const { push } = await registryTools();
        const flags = await registryFlags(values);
        const result = await push(
          { path, ref },
          {
            ...flags,
            ...(values.source === undefined ? {} : { source: values.source }),
            ...(values.attach === undefined ? {} : { attach: values.attach }),
          },
        );
        printNote(`pushed ${path} to ${ref} (${result.pinned})`);
        printLine(result.digest);
      },
    );
}
