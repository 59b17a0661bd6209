/**
 * examples/05's registry (examples/05-pipeline/registry.js), started as its README says, for the tests
 * that run the example: on its own port (8787) or on another, when a test runs beside one that holds it.
 */
import { spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { ROOT } from '../e2e/ork-process.ts';

/** The registry of a test: how many of each call it answered. */
export interface PipelineRegistry {
  calls(): Promise<Record<string, number>>;
}

/** Starts the registry with `token` on `port`; stops it when the test ends. */
export async function startPipelineRegistry(
  t: TestContext,
  token: string,
  port = 8787,
): Promise<PipelineRegistry> {
  const child = spawn(process.execPath, ['examples/05-pipeline/registry.js'], {
    cwd: ROOT,
    env: { ...process.env, REGISTRY_PORT: String(port), REGISTRY_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => child.kill('SIGTERM'));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => {
      resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`the registry exited (${String(code)}): is port ${String(port)} taken?`));
    });
  });
  return {
    calls: async () => {
      const res = await fetch(`http://127.0.0.1:${String(port)}/calls`);
      return ((await res.json()) as { calls: Record<string, number> }).calls;
    },
  };
}
