/** `ork control start`: the Control Center, a web UI over the HTTP APIs of running `ork run`s. */
import { InvalidArgumentError, type Command } from 'commander';
import { controlTools, type ControlFlags } from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';

/** Registers `ork control` and `ork control start`. */
export function registerControlCommand(program: Command): void {
  const control = program
    .command('control')
    .description('the Control Center: watch running operators in a browser');
  control
    .command('start')
    .description('serve the Control Center (overview, CRs, children, Katalog source, render preview)')
    .option('--port <port>', 'port to listen on', parsePort, 8090)
    .option('--host <host>', 'address to listen on (not a loopback one: only with a token)', '127.0.0.1')
    .option('--runtime <url>', 'HTTP API of an `ork run` (repeat for several)', collect, [])
    .option('--token <token>', 'require this bearer token (or ORK_CONTROL_TOKEN)')
    .action(controlStart);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port, 0-65535');
  return port;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function controlStart(flags: ControlFlags): Promise<void> {
  const { startControlCenter } = await controlTools();
  const controller = new AbortController();
  let running;
  try {
    running = await startControlCenter(flags, controller.signal);
  } catch (error) {
    printNote(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  printLine(`Control Center: ${running.url}`);
  for (const [i, r] of running.runtimes.entries()) printLine(`  runtime ${i}: ${r.href}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      controller.abort();
      resolve();
    };
    process.once('SIGTERM', stop).once('SIGINT', stop);
  });
}
