/** `ork pull <ref> [-o DIR]`: a Katalog artifact into a folder, written only once every digest checked. */
import type { Command } from 'commander';
import { registryTools } from '../../app/index.ts';
import { printLine } from '../printer.ts';
import {
  registryFlags,
  withProgressFlags,
  withRegistryFlags,
  type RegistryOptionValues,
} from './registry-flags.ts';

/** Registers `ork pull`. */
export function registerPullCommand(program: Command): void {
  withProgressFlags(
    withRegistryFlags(
      program
        .command('pull')
        .description('pull a Katalog artifact from an OCI registry into a folder (digests verified)')
        .argument('<ref>', 'registry/repository:tag or registry/repository@sha256:…'),
    ),
  )
    .option(
      '-o, --output <dir>',
      "the folder to write (default: the artifact's title); must not exist or be empty",
    )
    .option('--lock <file>', 'pull the digest this lock file pins for the reference (ork lock)')
    .action(async (ref: string, values: RegistryOptionValues & { output?: string; lock?: string }) => {
      const { pull } = await registryTools();
      const flags = await registryFlags(values);
      const result = await pull(ref, {
        ...flags,
        ...(values.output === undefined ? {} : { output: values.output }),
        ...(values.lock === undefined ? {} : { lock: values.lock }),
      });
      printLine(`pulled ${result.pulled} (${result.digest}) into ${result.dir}: ${result.files.join(', ')}`);
    });
}
