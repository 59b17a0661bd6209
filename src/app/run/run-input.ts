/**
 * What `ork run` needs from its Katalog files: the boxes to run and the dev files to apply — plain
 * data: the compiled Plans. The CLI computes it in a short-lived child process, so the Katalog tooling (YAML with
 * positions, the zod schema, the validators) never enters the operator process. (A worker thread
 * was tried: its freed memory stays in the process's resident set.)
 */
import { execFile } from 'node:child_process';
import { getCompileCacheDir } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { KubeconfigSource } from '../../kube/index.ts';
import type { Plan, SecurityPlan } from '../../plan/index.ts';
import type { KatalogSource } from '../../server/index.ts';

/** The run's input. `plans` is empty unless `ok`. */
export interface RunInput {
  readonly ok: boolean;
  /** The diagnostics, formatted for the terminal ('' when none). */
  readonly report: string;
  readonly katalogName: string;
  /**
   * One compiled Plan per CRD entry, enabled or not: everything the operators run, and all the operator
   * process ever learns of the Katalog (crossing as JSON, frozen again on arrival).
   */
  readonly plans: readonly Plan[];
  /** The Katalog's security block, every document's merged: protections, webhooks, certificates. */
  readonly security: SecurityPlan;
  /** Each enabled entry's crdFile and crFiles, as absolute paths (for --dev). */
  readonly crdFiles: readonly string[];
  readonly crFiles: readonly string[];
  /**
   * The kubeconfig files the operator will read, as JSON: the child parses their YAML so that the
   * operator process never loads the YAML library. Absent in-cluster or when they do not read.
   */
  readonly kubeconfigs?: readonly KubeconfigSource[];
  /** The Katalog's files and warnings, bounded, for the HTTP API's `/katalog/source`. */
  readonly source?: KatalogSource;
}

/** What the child process is asked for (its one argument, as JSON). */
export interface RunInputRequest {
  files: readonly string[];
  /** The `--kubeconfig` flag, if given. */
  kubeconfig?: string | undefined;
  /** The `--lock` flag, if given: a Komposer's sources are fetched by its pins. */
  lock?: string | undefined;
}

/**
 * The child's young generation is capped as the operator's is (bin/ork.js): V8 would let it grow to
 * 32 MB a half, and scavenging that much mostly-surviving YAML and schema data made a 1,000-CRD
 * Katalog cost ~20 % more CPU and ~30 % more memory to load.
 */
const CHILD_NODE_FLAGS = ['--max-semi-space-size=8'];

/** Loads, validates and compiles the files in a child process and returns the run's input. */
export function loadRunInput(request: RunInputRequest): Promise<RunInput> {
  const child = import.meta.url.endsWith('.ts') ? './run-input-child.ts' : './run-input-child.js';
  const script = fileURLToPath(new URL(child, import.meta.url));
  const cache = getCompileCacheDir(); // the parent's compile cache serves the child too
  const env = cache === undefined ? process.env : { ...process.env, NODE_COMPILE_CACHE: cache };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...CHILD_NODE_FLAGS, script, JSON.stringify(request)],
      { maxBuffer: 256 * 1024 * 1024, env },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`could not load the Katalog: ${stderr.trim() || error.message}`));
          return;
        }
        resolve(JSON.parse(stdout) as RunInput);
      },
    );
  });
}
