/**
 * The fuzz worker: runs `ork` (the CLI's own `main`, the code of `ork validate` and `ork render`)
 * once per message, with what it prints captured, and answers with the exit code and the output.
 * The parent bounds it: heap through the worker's resource limits, wall clock by terminating it.
 */
import { parentPort } from 'node:worker_threads';
import { main } from '../../../src/cli/index.ts';

/** A case to run: `ork` arguments (without node and script). */
export interface WorkerRequest {
  readonly args: readonly string[];
}

/** What one run of `ork` gave. */
export interface WorkerReply {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

type Write = typeof process.stdout.write;

function capture(into: string[]): Write {
  const write = (chunk: string | Uint8Array): boolean =>
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')) > 0;
  return write;
}

async function runOnce(request: WorkerRequest): Promise<WorkerReply> {
  const out: string[] = [];
  const err: string[] = [];
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.exitCode = undefined; // left by the previous case's command
  const code = await main(request.args);
  return { code, out: out.join(''), err: err.join('') };
}

const port = parentPort;
if (port === null) throw new Error('fuzz worker: run me as a worker thread');
port.on('message', (request: WorkerRequest) => {
  void runOnce(request).then((reply) => {
    port.postMessage(reply);
  });
});
// Warm: the commands load their tools on demand; a case's clock should not pay for that.
await Promise.all([
  import('../../../src/cli/commands/validate.ts'),
  import('../../../src/cli/commands/render.ts'),
  import('../../../src/app/katalog.ts'),
  import('../../../src/app/render/render-tools.ts'),
  import('commander'),
]);
port.postMessage('ready');
