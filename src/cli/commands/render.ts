/**
 * `ork render -k KATALOG --cr FILE [--children DIR] [--crd KEY] [--namespace NS]`: offline, the objects
 * the runtime would apply for each CR, in apply order, then the status it would write; validation
 * results, skipped children and errors as YAML comments. Exit 1 on an invalid Katalog, an unreadable
 * file, a CR that matches no entry, or a reconcile error (template, value, conflict).
 */
import type { Command } from 'commander';
import { katalogTools, renderTools } from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';

interface RenderFlags {
  readonly katalog: string[];
  readonly cr: string[];
  readonly children?: string;
  readonly crd?: string;
  readonly namespace: string;
  readonly lock?: string;
}

async function runRender(flags: RenderFlags): Promise<number> {
  const { describeCr, formatRenderReport, RenderError, renderFiles } = await renderTools();
  if (flags.cr.length === 0) throw new RenderError('--cr <file> is required: the CRs to render');
  const outcome = await renderFiles({
    katalogFiles: flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'],
    crFiles: flags.cr,
    childrenDir: flags.children,
    crd: flags.crd,
    namespace: flags.namespace,
    lock: flags.lock,
  });
  const { load, report } = outcome;
  if (load.diagnostics.length > 0) {
    const { formatDiagnostics } = await katalogTools();
    printNote(formatDiagnostics(load.diagnostics, (f) => load.sources.get(f)));
  }
  if (report === undefined) return 1;
  printLine(formatRenderReport(report).trimEnd());
  for (const r of report.results)
    if (r.error !== undefined)
      printNote(`error: ${r.at === undefined ? '' : `${r.at}: `}${describeCr(r.cr)}: ${r.error}`);
  return report.ok ? 0 : 1;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `ork render`. */
export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description(
      'print, offline, the objects the runtime would apply for each CR (YAML, apply order), then the status ' +
        'it would write; validation, unchanged or pruned children and errors are # comments',
    )
    .option(
      '-k, --katalog <file>',
      'a Katalog file; repeat to merge several (default: katalog.yaml)',
      collect,
      [],
    )
    .option(
      '--cr <file>',
      'a file of one or more CRs (multi-document YAML); required, repeatable',
      collect,
      [],
    )
    .option('--children <dir>', 'a folder of live children (YAML/JSON) for .children and .childList')
    .option('--crd <key>', 'the CRD entry to use (default: the one matching apiVersion and kind)')
    .option('-n, --namespace <ns>', 'namespace of a CR that names none', 'default')
    .option(
      '--lock <file>',
      'fetch the sources of a Komposer by the pins of this lock file (ork lock); a source it lacks is an error; env ORK_LOCK_FILE',
    )
    .action(async (flags: RenderFlags) => {
      try {
        process.exitCode = await runRender(flags);
      } catch (error) {
        if (!(error instanceof (await renderTools()).RenderError)) throw error;
        printNote(error.report ?? `error: ${error.message}`);
        process.exitCode = 1;
      }
    });
}
