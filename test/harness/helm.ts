/**
 * Helm for the chart tests. Users bring their own Helm; the tests build one from its Go module
 * (helm.sh/helm/v4) into the user cache once, like the dev cluster's binaries: keyed by version,
 * built under a lock so parallel test files (or CI runs) never build it twice, and moved into place
 * only when complete. ORK_HELM_BIN points at a prebuilt helm instead.
 *
 * Every call runs with a Helm home of its own (config, cache, data in a temp folder), so the tests
 * never read nor change the user's repositories, registries or plugins.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goTool } from './go-tools.ts';

/** How a helm command ended. */
export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The path of the helm binary, built first if the cache does not have it yet. */
export function helmBinary(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const prebuilt = env['ORK_HELM_BIN'];
  return prebuilt ? Promise.resolve(prebuilt) : goTool('helm', env);
}

/** Runs `helm args` with KUBECONFIG from the environment and a private Helm home. */
export async function helm(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<HelmResult> {
  const bin = await helmBinary(env);
  const home = await helmHome();
  const helmEnv = {
    ...env,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env: helmEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`helm could not start: ${error.message}`, { cause: error }));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

/** Like {@link helm}, but throws with Helm's output when it exits non-zero. */
export async function helmOk(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const result = await helm(args, env);
  if (result.code !== 0) {
    throw new Error(`helm ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}

let home: Promise<string> | undefined;

function helmHome(): Promise<string> {
  home ??= mkdtemp(join(tmpdir(), 'ork-helm-home-'));
  return home;
}
