/**
 * The built `ork` CLI as a subprocess for the e2e tests: make sure dist/ is current, pick a free
 * port, start `ork run`, read its HTTP API, and stop it with SIGTERM, measuring how it exits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import type { TestClient } from '../harness/test-client.ts';

/** The repository root. */
export const ROOT = new URL('../../', import.meta.url).pathname;

const DIST_ENTRY = join(ROOT, 'dist', 'ork.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isCurrent(): boolean {
  return existsSync(DIST_ENTRY) && statSync(DIST_ENTRY).mtimeMs >= newestSource(join(ROOT, 'src'));
}

/** Builds dist/ (`node scripts/build.ts`) when it is missing or older than a file of src/. */
export function ensureBuilt(): void {
  if (isCurrent()) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0 || !isCurrent())
    throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** A running `ork run` process. */
export interface OrkProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** What it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** GET on its HTTP API; status 0 when nothing answers yet. */
  http(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Sends SIGTERM; resolves with the exit code and how long it took, or rejects after `timeoutMs`. */
  terminate(timeoutMs: number): Promise<{ code: number | null; ms: number }>;
  running(): boolean;
}

/**
 * Starts `bin/ork.js run <args> --port <free port>` the way a user does: through its #! line (so
 * with the node flags and environment it sets), this test's Node first on PATH, `env` over this
 * process's environment.
 */
export async function startOrk(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<OrkProcess> {
  const port = await freePort();
  const child = spawn(join(ROOT, 'bin', 'ork.js'), ['run', ...args, '--port', String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  let alive = true;
  void exited.then(() => (alive = false));
  return {
    port,
    child,
    output: () => output,
    running: () => alive,
    http: async (path) => {
      try {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        const text = await res.text();
        return {
          status: res.status,
          body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
        };
      } catch {
        return { status: 0, body: {} };
      }
    },
    terminate: async (timeoutMs) => {
      const started = Date.now();
      child.kill('SIGTERM');
      const timer = new Promise<never>((_, reject) => {
        setTimeout(() => {
          reject(new Error(`ork run did not exit within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
      const code = await Promise.race([exited, timer]);
      return { code, ms: Date.now() - started };
    },
  };
}

/** Creates a namespace named after the test. */
export async function createNamespace(client: TestClient, label: string): Promise<string> {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 30)
    .replace(/^-|-$/g, '');
  const name = `e2e-${slug}-${randomBytes(3).toString('hex')}`;
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** The command line and environment a running process was started with (Linux /proc). */
export function processStart(pid: number): { argv: string[]; env: string[] } {
  const split = (file: string): string[] => readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0');
  return { argv: split('cmdline'), env: split('environ') };
}

/** Everything a process prints, from now on (ork.output() keeps only a tail). */
export function captureAll(ork: OrkProcess): () => string {
  let all = '';
  const keep = (chunk: Buffer): void => {
    all += chunk.toString('utf8');
  };
  ork.child.stdout?.on('data', keep);
  ork.child.stderr?.on('data', keep);
  return () => all;
}
