/** `ork control start` as a subprocess for the browser tests and the bench: start, wait, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { eventually } from '../harness/eventually.ts';
import { freePort, ROOT } from '../e2e/ork-process.ts';

/** A running Control Center. */
export interface ControlProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): void;
}

/** Starts `bin/ork.js control start --port <free> <args>` and waits until it answers. */
export async function startControl(args: readonly string[]): Promise<ControlProcess> {
  const port = await freePort();
  const child = spawn(join(ROOT, 'bin', 'ork.js'), ['control', 'start', '--port', String(port), ...args], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-10_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => (await fetch(`${url}/assets/app.css`).catch(() => undefined))?.status === 200,
    {
      what: `the Control Center on ${url}; output: ${output}`,
      timeoutMs: 20_000,
    },
  );
  return { url, child, output: () => output, stop: () => child.kill('SIGTERM') };
}
