/**
 * `ork dev up | down | status | env | stop | start | restart`: the local control plane, and faults
 * in it (one component stopped, started or restarted by its recorded pid).
 */
import { InvalidArgumentError, type Command } from 'commander';
import {
  devClusterTools,
  type BuildProgress,
  type DevClusterFlags,
  type DevClusterHealth,
} from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';

const {
  checkHealth,
  COMPONENT_CHOICES,
  COMPONENT_VERSIONS,
  devClusterConfig,
  down,
  parseComponentName,
  readState,
  restartComponent,
  startComponent,
  startDevCluster,
  stopComponent,
} = await devClusterTools();

/** Registers `ork dev` and its subcommands. */
export function registerDevCommand(program: Command): void {
  const dev = program
    .command('dev')
    .description(
      'a local Kubernetes control plane built from source (no Docker): etcd, API server, controllers, KWOK nodes',
    );
  const withCommon = (cmd: Command) =>
    cmd.option('--name <name>', 'cluster name (several can run on other ports)', 'default');
  withCommon(dev.command('up'))
    .description('build (first time only) and start the control plane; print how to use it')
    .option('--port-base <port>', 'first of five loopback ports to use', parsePort)
    .option('--nodes <n>', 'number of fake nodes', parsePositive, 1)
    .option(
      '--audit-log',
      "the API server logs every write (who, what, answer; JSON lines) to audit.log in the cluster's folder",
    )
    .action(devUp);
  withCommon(dev.command('down'))
    .description('stop the processes `up` started and delete the cluster state')
    .action(devDown);
  withCommon(dev.command('status'))
    .description('report each component, API readiness and nodes')
    .action(devStatus);
  withCommon(dev.command('env')).description('print `export KUBECONFIG=...` for a shell').action(devEnv);
  const component = `<component>`;
  const choices = COMPONENT_CHOICES.join(', ');
  withCommon(dev.command('stop'))
    .argument(component, choices, parseComponent)
    .description('stop one component (a fault: see how your operator copes); `start` brings it back')
    .action(devStop);
  withCommon(dev.command('start'))
    .argument(component, choices, parseComponent)
    .description('start a stopped component with its flags and wait until it answers')
    .action(devStart);
  withCommon(dev.command('restart'))
    .argument(component, choices, parseComponent)
    .description('stop one component and start it again; wait until it answers')
    .action(devRestart);
}

type Component = NonNullable<ReturnType<typeof parseComponentName>>;

function parseComponent(value: string): Component {
  const name = parseComponentName(value);
  if (!name) throw new InvalidArgumentError(`one of ${COMPONENT_CHOICES.join(', ')}`);
  return name;
}

async function devStop(name: Component, flags: DevClusterFlags): Promise<void> {
  const { layout } = devClusterConfig(process.env, flags);
  const { record, changed } = await stopComponent(layout, name);
  printNote(
    changed
      ? `[dev] stopped ${name} (pid ${record.pid}); start it with \`ork dev start ${name}\``
      : `[dev] ${name} was not running`,
  );
}

async function devStart(name: Component, flags: DevClusterFlags): Promise<void> {
  const { layout } = devClusterConfig(process.env, flags);
  const started = Date.now();
  const { record, changed } = await startComponent(layout, name);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  printNote(
    changed
      ? `[dev] started ${name} (pid ${record.pid}), ready in ${seconds}s`
      : `[dev] ${name} is already running (pid ${record.pid})`,
  );
}

async function devRestart(name: Component, flags: DevClusterFlags): Promise<void> {
  const { layout } = devClusterConfig(process.env, flags);
  const started = Date.now();
  const record = await restartComponent(layout, name);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  printNote(`[dev] restarted ${name} (pid ${record.pid}), ready again in ${seconds}s`);
}

async function devUp(flags: DevClusterFlags): Promise<void> {
  const config = devClusterConfig(process.env, flags);
  const started = Date.now();
  const result = await startDevCluster(config, {
    onBuild: printBuildProgress,
    onStep: (m) => {
      printNote(`[dev] ${m}`);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.alreadyRunning) {
    printNote(`[dev] the control plane is already running at ${result.state.server}; nothing to do`);
  } else {
    printNote(
      `[dev] control plane up at ${result.state.server} in ${seconds}s (Kubernetes ${COMPONENT_VERSIONS.kubernetes})`,
    );
  }
  printLine(`export KUBECONFIG=${result.state.kubeconfig}`);
}

function printBuildProgress(p: BuildProgress): void {
  const version = COMPONENT_VERSIONS[p.component];
  const elapsed = `${Math.round(p.elapsedMs / 1000)}s`;
  const messages: Record<BuildProgress['phase'], string> = {
    cached: `${p.component} ${version}: cached`,
    resolving: `${p.component} ${version}: resolving modules (first time only; several minutes in all)`,
    compiling: `${p.component} ${version}: compiling (${elapsed} so far)`,
    tick: `${p.component} ${version}: still building, ${elapsed} elapsed, ${p.downloads} modules downloaded`,
    done: `${p.component} ${version}: built in ${elapsed}`,
  };
  printNote(`[build] ${messages[p.phase]}`);
}

async function devDown(flags: DevClusterFlags): Promise<void> {
  const config = devClusterConfig(process.env, flags);
  const result = await down(config.layout);
  if (!result.found) printNote('[dev] no control plane was running');
  else
    printNote(
      `[dev] stopped ${result.stopped.length > 0 ? result.stopped.join(', ') : 'nothing (all had exited)'}; state removed`,
    );
}

async function devStatus(flags: DevClusterFlags): Promise<void> {
  const config = devClusterConfig(process.env, flags);
  const state = await readState(config.layout.stateFile);
  if (!state) {
    printLine('not running (start it with `ork dev up`)');
    process.exitCode = 3;
    return;
  }
  const health = await checkHealth(state, config.layout.pkiDir);
  printHealth(state.server, health);
  if (state.audit) printLine(`audit log   ${state.audit.log}`);
  if (!health.healthy) process.exitCode = 1;
}

function printHealth(server: string, health: DevClusterHealth): void {
  printLine(`server      ${server} (${health.apiReady ? 'ready' : 'NOT READY'})`);
  for (const c of health.components) {
    const label = { running: 'running', stopped: 'STOPPED', crashed: 'CRASHED' }[c.state];
    printLine(`${c.name.padEnd(24)}${label}  pid ${c.pid}`);
    for (const line of c.logTail ?? []) printLine(`    | ${line}`);
  }
  printLine(`nodes       ${health.nodesReady}/${health.nodesTotal} Ready`);
}

async function devEnv(flags: DevClusterFlags): Promise<void> {
  const config = devClusterConfig(process.env, flags);
  const state = await readState(config.layout.stateFile);
  if (!state) printNote('[dev] note: the control plane is not running; start it with `ork dev up`');
  printLine(`export KUBECONFIG=${config.layout.kubeconfig}`);
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1024 || n > 65530)
    throw new InvalidArgumentError('a port between 1024 and 65530');
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new InvalidArgumentError('a whole number from 1 to 50');
  return n;
}
