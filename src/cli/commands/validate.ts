/** `ork validate [-k FILE]... [--lock FILE] [--format text|json]`: load, check and compile Katalogs; report like a compiler. */
import { InvalidArgumentError, type Command } from 'commander';
import { katalogTools, type Diagnostic, type PlanSummary } from '../../app/index.ts';
import { printJson, printLine, printNote } from '../printer.ts';

interface ValidateFlags {
  readonly katalog: string[];
  readonly format: 'text' | 'json';
  readonly lock?: string;
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${String(ms / 3_600_000)}h`;
  if (ms % 60_000 === 0) return `${String(ms / 60_000)}m`;
  return ms % 1000 === 0 ? `${String(ms / 1000)}s` : `${String(ms)}ms`;
}

function formatHook(name: string, hook: PlanSummary['hooks']['onCreate']): string {
  const kinds = Object.entries(hook.kinds).map(([kind, n]) => (n === 1 ? kind : `${String(n)} ${kind}`));
  const calls = hook.external > 0 ? ` + ${String(hook.external)} external` : '';
  return `${name} ${String(hook.resources)}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}${calls}`;
}

/** The per-CRD summary lines of `ork validate`. */
export function formatSummary(s: PlanSummary): string[] {
  const r = s.rules;
  return [
    `${s.key}${s.enabled ? '' : ' (disabled)'}: ${s.gvk} · ${s.plural} · ${s.scope}`,
    `  workers ${String(s.workers)} · resync ${formatMs(s.resyncMs)}`,
    `  ${[formatHook('onCreate', s.hooks.onCreate), formatHook('onReconcile', s.hooks.onReconcile), formatHook('onDelete', s.hooks.onDelete)].join(' · ')}`,
    `  rules: ${String(r.conditions)} conditions · ${String(r.validation)} validation · ${String(r.mutation)} mutation · ${String(r.statusFields)} status fields · ${String(r.cross)} cross · ${String(r.normalize)} normalize · ${String(r.conversionPaths)} conversion paths`,
  ];
}

interface Outcome {
  readonly files: readonly string[];
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly summaries: readonly PlanSummary[];
  readonly sources: ReadonlyMap<string, string>;
  readonly report: (diagnostics: readonly Diagnostic[]) => string;
  readonly toJson: (diagnostic: Diagnostic) => unknown;
}

async function validateFiles(files: readonly string[], lock: string | undefined): Promise<Outcome> {
  const tools = await katalogTools();
  const load = await tools.loadKatalogFiles(files, { lock });
  const report = (d: readonly Diagnostic[]) => tools.formatDiagnostics(d, (f) => load.sources.get(f));
  return { ...load, summaries: load.plans.map(tools.summarizePlan), report, toJson: tools.toJsonDiagnostic };
}

function printText(o: Outcome): void {
  if (o.diagnostics.length > 0) printNote(o.report(o.diagnostics));
  if (!o.ok) return;
  const n = o.summaries.length;
  printLine(`✓ ${o.files.join(', ')}: ${String(n)} CRD${n === 1 ? '' : 's'} valid`);
  for (const s of o.summaries) printLine(formatSummary(s).join('\n'));
}

async function runValidate(flags: ValidateFlags): Promise<number> {
  const files = flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'];
  const outcome = await validateFiles(files, flags.lock);
  if (flags.format === 'json') {
    const { ok, diagnostics, summaries } = outcome;
    printJson({ valid: ok, files, diagnostics: diagnostics.map((d) => outcome.toJson(d)), crds: summaries });
  } else printText(outcome);
  return outcome.ok ? 0 : 1;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseFormat(value: string): 'text' | 'json' {
  if (value === 'text' || value === 'json') return value;
  throw new InvalidArgumentError('expected text or json');
}

/** Registers `ork validate`. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check Katalog files (schema, references, cycles, templates) and summarise each operator')
    .option(
      '-k, --katalog <file>',
      'a Katalog file; repeat to merge several (default: katalog.yaml)',
      collect,
      [],
    )
    .option(
      '--lock <file>',
      'fetch the sources of a Komposer by the pins of this lock file (ork lock); a source it lacks is an error; env ORK_LOCK_FILE',
    )
    .option('--format <format>', 'text, or json for editors and CI', parseFormat, 'text')
    .action(async (flags: ValidateFlags) => {
      process.exitCode = await runValidate(flags);
    });
}
