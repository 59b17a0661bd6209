// The operator process under measurement: `bin/ork.js run -k <katalog>` spawned as a child the way
// a user starts it (through its #! line, so with the node flags it sets; this Node first on PATH),
// with its HTTP API on a free loopback port, its output in a log file, and helpers to wait for
// /ready, read /metrics, and stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseMetrics, type Sample } from './prometheus.ts';

/** The project's root folder. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Options of {@link startOrk}. */
export interface OrkOptions {
  katalog: string;
  kubeconfig: string;
  /** Where the process's stdout and stderr go. */
  logFile: string;
  /** Extra flags for node itself (e.g. --cpu-prof), before bin/ork.js. */
  nodeArgs?: readonly string[];
  /** Extra flags for `ork run`. */
  orkArgs?: readonly string[];
}

/** A running `ork run`. */
export interface OrkProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** performance.now() just before the spawn. */
  spawnedAt: number;
  /** Settles with the exit code (or signal name) when the process has exited. */
  exited: Promise<number | string>;
  logFile: string;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * How bin/ork.js starts Node, read from its #! line (`env -S NAME=VALUE… node FLAGS…`): the
 * environment it sets and the node flags, for benches that start Node themselves yet should
 * measure what `ork run` runs with.
 */
export function productNodeStart(): { env: Record<string, string>; flags: string[] } {
  const shebang = readFileSync(join(ROOT, 'bin', 'ork.js'), 'utf8').split('\n', 1)[0] ?? '';
  const words = shebang.replace(/^#!\S+\s+-S\s+/, '').split(/\s+/);
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split('=', 2) as [string, string]));
  return { env, flags: words.slice(node + 1) };
}

/**
 * Tells whether dist/ (what bin/ork.js runs) is missing or older than src/; the benches refuse to
 * measure a stale build and say to run `npm run build`.
 */
export function staleBuild(): string | undefined {
  const entry = join(ROOT, 'dist', 'ork.js');
  if (!existsSync(entry)) return 'dist/ is missing: run `npm run build` first';
  if (newestMtime(join(ROOT, 'src')) > statSync(entry).mtimeMs)
    return 'dist/ is older than src/: run `npm run build` first (or pass --stale to measure it anyway)';
  return undefined;
}

/**
 * Spawns `bin/ork.js run -k KATALOG --port P [orkArgs]` through its #! line, with this process's
 * Node first on PATH and `nodeArgs` in NODE_OPTIONS.
 */
export async function startOrk(options: OrkOptions): Promise<OrkProcess> {
  const port = await freePort();
  const out = openSync(options.logFile, 'a');
  const args = ['run', '-k', options.katalog, '--port', String(port), ...(options.orkArgs ?? [])];
  const nodeOptions = [process.env.NODE_OPTIONS ?? '', ...(options.nodeArgs ?? [])].join(' ').trim();
  const env = {
    ...process.env,
    KUBECONFIG: options.kubeconfig,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    ...(nodeOptions === '' ? {} : { NODE_OPTIONS: nodeOptions }),
  };
  const spawnedAt = performance.now();
  const child = spawn(join(ROOT, 'bin', 'ork.js'), args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    });
  });
  if (child.pid === undefined) throw new Error('ork run did not start');
  return { child, pid: child.pid, port, spawnedAt, exited, logFile: options.logFile };
}

async function getStatus(port: number, path: string): Promise<number | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/**
 * Polls /ready every `everyMs` until it answers 200; resolves with ms since the spawn.
 * @throws when the process exits or `timeoutMs` passes first (with the log's tail).
 */
export async function waitReady(ork: OrkProcess, timeoutMs = 60_000, everyMs = 5): Promise<number> {
  let exit: number | string | undefined;
  void ork.exited.then((code) => (exit = code));
  while (performance.now() - ork.spawnedAt < timeoutMs) {
    if ((await getStatus(ork.port, '/ready')) === 200) return performance.now() - ork.spawnedAt;
    if (exit !== undefined) break;
    await delay(everyMs);
  }
  const tail = readFileSync(ork.logFile, 'utf8').split('\n').slice(-15).join('\n');
  throw new Error(`ork run not ready (exit: ${exit ?? 'still running'}); log tail:\n${tail}`);
}

/** The operator's /metrics, parsed. */
export async function scrape(ork: OrkProcess): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${ork.port}/metrics`);
  return parseMetrics(await response.text());
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopOrk(ork: OrkProcess, graceMs = 10_000): Promise<number | string> {
  if (ork.child.exitCode !== null || ork.child.signalCode !== null) return ork.exited;
  ork.child.kill('SIGTERM');
  const timer = setTimeout(() => ork.child.kill('SIGKILL'), graceMs);
  const code = await ork.exited;
  clearTimeout(timer);
  return code;
}
