/**
 * `ork lock -k REF|komposer.yaml [-k …] [-o orkestra.lock]`: every OCI reference resolved to its digest,
 * and every remote source of a Komposer to its pin, in a lock file.
 */
import type { Command } from 'commander';
import { lockTools } from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';
import { registryFlags, withRegistryFlags, type RegistryOptionValues } from './registry-flags.ts';

/** Registers `ork lock`. */
export function registerLockCommand(program: Command): void {
  withRegistryFlags(
    program
      .command('lock')
      .description(
        'resolve the OCI references of the Katalogs, and the sources of a Komposer, to digests and commits, and write them to a lock file (runs then use it with --lock)',
      ),
  )
    .requiredOption(
      '-k, --katalog <ref>',
      'an OCI reference (oci://registry/repository:tag), a Komposer or a Katalog file; repeat for several',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('-o, --output <file>', 'the lock file to write', 'orkestra.lock')
    .action(async (values: RegistryOptionValues & { katalog: string[]; output: string }) => {
      const { describeEntry, lockKatalogs } = await lockTools();
      const flags = await registryFlags(values);
      const result = await lockKatalogs(values.katalog, { ...flags, output: values.output });
      for (const path of result.local) printNote(`${path}: a local file, nothing to lock`);
      for (const entry of result.lock.sources) {
        printNote(`locked ${describeEntry(entry)} to ${'commit' in entry ? entry.commit : entry.digest}`);
      }
      printLine(`wrote ${result.file} (${String(result.lock.sources.length)} sources)`);
    });
}
