/**
 * `ork version`: the product's version, and the Node.js and platform it runs on (what a bug report
 * needs; `ork --version` prints the version alone, for scripts).
 */
import type { Command } from 'commander';
import { printLine } from '../printer.ts';
import { VERSION } from '../version.ts';

/** The lines `ork version` prints. */
export function versionLines(
  runtime: { node: string; platform: string; arch: string } = {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
  },
): string[] {
  return [`orkestra ${VERSION}`, `node ${runtime.node} ${runtime.platform}/${runtime.arch}`];
}

/** Registers `ork version`. */
export function registerVersionCommand(program: Command): void {
  program
    .command('version')
    .description('print the version of orkestra and of the Node.js it runs on')
    .action(() => {
      for (const line of versionLines()) printLine(line);
    });
}
