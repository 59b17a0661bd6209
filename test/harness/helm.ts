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
import { access, constants, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBuildLock } from '../../src/devcluster/build-lock.ts';
import { runCommand } from '../../src/devcluster/command.ts';

/** The Helm the tests build: the current v4 release of its Go module. */
export const HELM_VERSION = 'v4.3.2';

const HELM_MODULE = 'helm.sh/helm/v4';

/** How a helm command ended. */
export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

let built: Promise<string> | undefined;

/** The path of the helm binary, built first if the cache does not have it yet. */
export function helmBinary(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const prebuilt = env['ORK_HELM_BIN'];
  if (prebuilt) return Promise.resolve(prebuilt);
  built ??= ensureHelm(env);
  return built;
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

async function ensureHelm(env: NodeJS.ProcessEnv): Promise<string> {
  const root = join(env['XDG_CACHE_HOME'] ?? join(env['HOME'] ?? homedir(), '.cache'), 'orkestra', 'tools');
  const dir = join(root, `helm-${HELM_VERSION}`);
  const bin = join(dir, 'helm');
  if (await isExecutable(bin)) return bin;
  await withBuildLock(root, async () => {
    if (await isExecutable(bin)) return; // another process built it while this one waited
    const started = Date.now();
    await buildHelm(env, root, dir);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`[test] built helm ${HELM_VERSION} from its Go module in ${seconds}s: ${bin}\n`);
  });
  return bin;
}

/** `go install` of Helm's command into a staging folder, renamed into place when it succeeded. */
async function buildHelm(env: NodeJS.ProcessEnv, root: string, dir: string): Promise<void> {
  const staging = `${dir}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  // The version Helm's own Makefile stamps on a release build; without it `helm version` says "v4.3".
  const ldflags = `-s -w -X ${HELM_MODULE}/internal/version.version=${HELM_VERSION} -X ${HELM_MODULE}/internal/version.metadata=`;
  const args = ['install', '-trimpath', '-ldflags', ldflags, `${HELM_MODULE}/cmd/helm@${HELM_VERSION}`];
  const goEnv = { ...env, GOBIN: staging, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' };
  const result = await runCommand('go', args, { cwd: root, env: goEnv }).catch((error: unknown) => {
    throw new Error('building helm needs Go on PATH (or ORK_HELM_BIN set to a prebuilt helm)', {
      cause: error,
    });
  });
  if (result.code !== 0) {
    throw new Error(`go ${args.join(' ')} failed:\n${result.tail.join('\n')}`);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
