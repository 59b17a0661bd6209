/** `ork discover <ref>`: the Katalogs attached to a manifest (OCI 1.1 referrers), one pinned reference a line. */
import type { Command } from 'commander';
import { registryTools } from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';
import { registryFlags, withRegistryFlags, type RegistryOptionValues } from './registry-flags.ts';

const TITLE = 'org.opencontainers.image.title';
const VERSION = 'org.opencontainers.image.version';

/** Registers `ork discover`. */
export function registerDiscoverCommand(program: Command): void {
  withRegistryFlags(
    program
      .command('discover')
      .description('list the Katalogs attached to a manifest (ork push --attach), as pinned references')
      .argument('<ref>', 'the subject: registry/repository:tag or @sha256:…'),
  ).action(async (ref: string, values: RegistryOptionValues) => {
    const { discover } = await registryTools();
    const result = await discover(ref, await registryFlags(values));
    const how = result.via === 'api' ? 'the referrers API' : 'the referrers tag schema';
    printNote(
      `${String(result.katalogs.length)} Katalog(s) attached to ${ref} (${result.subject}), via ${how}`,
    );
    for (const katalog of result.katalogs) {
      const title = katalog.annotations[TITLE] ?? '';
      const version = katalog.annotations[VERSION];
      printLine(`${katalog.pinned}\t${title}${version === undefined ? '' : `\t${version}`}`);
    }
  });
}
