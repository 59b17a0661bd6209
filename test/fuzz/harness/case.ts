/**
 * A fuzz case: input files written to a fresh temporary folder, an `ork validate` or `ork render`
 * over them, run under the case bounds and judged (classify.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASE_TIMEOUT_MS } from './bounds.ts';
import { classify, passes, type Outcome } from './classify.ts';
import { runInChild, type WorkerPool } from './run.ts';

/** One fuzz input: what to write and which command reads it. */
export interface FuzzCase {
  /** Stable id: the key of known-failing.ts. */
  readonly id: string;
  /** Files by name (no folders) in the case's folder; `katalog.yaml` and `cr.yaml` by default. */
  readonly files: Readonly<Record<string, string>>;
  /** `validate -k katalog.yaml`, or `render -k katalog.yaml --cr cr.yaml`. */
  readonly command: 'validate' | 'render';
  /** Prepares files that cannot be written as text (a FIFO, a 50 MB Katalog). */
  readonly setup?: (dir: string) => Promise<void>;
  /** Runs in a child process instead of a worker (inputs that block a thread in read(2)). */
  readonly child?: boolean;
  /** The Katalog path given to `-k`, relative to the case folder. @default 'katalog.yaml' */
  readonly katalog?: string;
  /** The outcome the case must have: `ok`, `located` (an error), or `pass` (either). */
  readonly expect: 'ok' | 'located' | 'pass';
  /** For `located`: text the first error line must contain, e.g. `katalog.yaml:14:`. */
  readonly at?: string;
  /** The error is about a file as a whole: naming the file locates it. */
  readonly fileLevel?: boolean;
}

function argsOf(c: FuzzCase, dir: string): string[] {
  const katalog = join(dir, c.katalog ?? 'katalog.yaml');
  if (c.command === 'validate') return ['validate', '-k', katalog];
  return ['render', '-k', katalog, '--cr', join(dir, 'cr.yaml')];
}

/** Writes the case's files, runs it and judges the outcome; the folder is removed afterwards. */
export async function runCase(pool: WorkerPool, c: FuzzCase, timeoutMs = CASE_TIMEOUT_MS): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'ork-fuzz-'));
  try {
    await Promise.all(Object.entries(c.files).map(([name, text]) => writeFile(join(dir, name), text)));
    await c.setup?.(dir);
    const args = argsOf(c, dir);
    const run = c.child === true ? await runInChild(args, timeoutMs) : await pool.run(args, timeoutMs);
    const names = [...new Set([...Object.keys(c.files), c.katalog ?? 'katalog.yaml'])];
    return classify(run, names, Object.values(c.files).join('\n'), c.fileLevel);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A short account of an outcome for assertion messages. */
export function describeOutcome(c: FuzzCase, o: Outcome): string {
  const err = o.err.length > 600 ? `${o.err.slice(0, 600)}…` : o.err;
  return `${c.id}: ${o.class} after ${String(o.ms)} ms (${o.why})${err ? `\nstderr:\n${err}` : ''}`;
}

/** Whether an outcome is what the case expects; undefined when it is, else why not. */
export function mismatch(c: FuzzCase, o: Outcome): string | undefined {
  if (!passes(o.class)) return `${o.class}: ${o.why}`;
  if (c.expect !== 'pass' && o.class !== c.expect) return `expected ${c.expect}, got ${o.class}: ${o.why}`;
  if (c.at !== undefined && o.class === 'located' && !o.why.includes(c.at))
    return `expected the error at ${c.at}: ${o.why}`;
  return undefined;
}
