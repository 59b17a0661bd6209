/** `ork run -k katalog.yaml`: run every CRD of the Katalog as an operator, until SIGTERM or SIGINT. */
import { InvalidArgumentError, type Command } from 'commander';
import { loadRunInput, runKatalog, type RunInput } from '../../app/index.ts';
import type { Plan } from '../../katalog/index.ts';
import type { LogLevel } from '../../observability/index.ts';
import { printLine, printNote } from '../printer.ts';
import { VERSION } from '../version.ts';

interface RunFlags {
  katalog: string[];
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  port?: number;
  dev?: boolean;
  logLevel?: LogLevel;
}

/** Registers `ork run`. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run every CRD of the Katalog as an isolated operator in this process')
    .option(
      '-k, --katalog <file>',
      'a Katalog file; repeat to merge several (default: katalog.yaml)',
      collect,
      [],
    )
    .option('--kubeconfig <file>', 'kubeconfig to use (default: KUBECONFIG, in-cluster, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <ns>', 'namespace for --dev custom resources that name none', 'default')
    .option('--port <port>', 'HTTP API port (health, metrics, katalog); env ORK_PORT', parsePort)
    .option('--dev', 'apply each entry’s crdFile before starting and its crFiles once running')
    .option('--log-level <level>', 'debug, info, warn, error; env LOG_LEVEL', parseLevel)
    .action(async (flags: RunFlags) => {
      process.exitCode = await runCommand(flags);
    });
}

async function runCommand(flags: RunFlags): Promise<number> {
  const files = flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'];
  const input = await loadRunInput(files);
  if (input.report !== '') printNote(input.report);
  if (!input.ok) {
    printNote('error: the Katalog is not valid; nothing was started');
    return 1;
  }
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130); // a second signal: stop now
    printNote('[run] stopping: finishing in-flight reconciles');
    controller.abort();
  };
  process.on('SIGTERM', stop).on('SIGINT', stop);
  const settings = settingsOf(flags);
  const running = await runKatalog(input, { settings, signal: controller.signal });
  printSummary(files, input);
  void running.listening.then((port) => {
    printLine(`  API: http://localhost:${port}/katalog  (/health /ready /metrics)`);
  });
  await running.stopped;
  return 0;
}

function settingsOf(flags: RunFlags) {
  const env = process.env;
  return {
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    namespace: flags.namespace,
    port: flags.port ?? (env['ORK_PORT'] ? parsePort(env['ORK_PORT']) : 8080),
    dev: flags.dev === true,
    logLevel: flags.logLevel ?? (env['LOG_LEVEL'] ? parseLevel(env['LOG_LEVEL']) : 'info'),
    env,
    version: VERSION,
  };
}

function printSummary(files: readonly string[], input: RunInput): void {
  const plans = input.definitions.map((d) => d.plan);
  const enabled = plans.filter((p) => p.enabled);
  printLine(
    `orkestra ${VERSION}: running ${enabled.length} operator${enabled.length === 1 ? '' : 's'} from ${files.join(', ')}`,
  );
  for (const plan of plans) printLine(`  ${describePlan(plan)}`);
}

function describePlan(plan: Plan): string {
  const gvk = `${plan.gvk.kind}.${plan.gvk.group}/${plan.gvk.version}`;
  if (!plan.enabled) return `${plan.key}: ${gvk} (disabled)`;
  const resources = plan.hooks.onCreate.resources.length + plan.hooks.onReconcile.resources.length;
  return `${plan.key}: ${gvk} · ${plan.workers} workers · resync ${plan.resyncMs / 1000}s · ${resources} resources`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port number (0 picks a free one)');
  return n;
}

function parseLevel(value: string): LogLevel {
  const levels = ['debug', 'info', 'warn', 'error', 'silent'];
  if (!levels.includes(value)) throw new InvalidArgumentError(levels.join(', '));
  return value as LogLevel;
}
