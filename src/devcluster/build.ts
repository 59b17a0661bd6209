/**
 * Builds the control-plane binaries from Go modules into the version-keyed cache: Kubernetes
 * through a wrapper module, etcd through another, KWOK with `go install`. A component whose
 * binaries exist is skipped, so a warm `ork dev up` builds nothing.
 */
import { access, constants, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './command.ts';
import { DevClusterError } from './errors.ts';
import { etcdWrapper, kubernetesLdflags, kubernetesWrapper, type WrapperFiles } from './go-wrapper.ts';
import { binariesOf, type Binaries, type DevClusterLayout } from './layout.ts';
import { withBuildLock } from './build-lock.ts';
import { COMPONENT_VERSIONS, KUBERNETES_COMMANDS } from './versions.ts';

/** A progress report of the build: which component, what it is doing, how long it has taken. */
export interface BuildProgress {
  component: 'kubernetes' | 'etcd' | 'kwok';
  /** 'cached', 'resolving', 'compiling', 'done' or 'tick' (a periodic elapsed-time report). */
  phase: 'cached' | 'resolving' | 'compiling' | 'done' | 'tick';
  elapsedMs: number;
  /** Modules downloaded so far by this component's step. */
  downloads: number;
}

/** Options of {@link ensureBinaries}. */
export interface EnsureBinariesOptions {
  /** The environment the Go toolchain runs with (PATH, HOME, GOPROXY...). */
  env: NodeJS.ProcessEnv;
  onProgress?: (progress: BuildProgress) => void;
  /** How often a 'tick' report is sent during a long step. @default 15000 */
  tickMs?: number;
}

type Component = BuildProgress['component'];

/** Makes sure every binary exists, building what is missing. Resolves to their paths. */
export async function ensureBinaries(
  layout: DevClusterLayout,
  options: EnsureBinariesOptions,
): Promise<Binaries> {
  const binaries = binariesOf(layout);
  if (layout.prebuiltBinDir) {
    await requireExecutables(binaries, `ORK_DEV_BIN_DIR=${layout.prebuiltBinDir}`);
    return binaries;
  }
  await withBuildLock(layout.root, async () => {
    for (const component of ['kubernetes', 'etcd', 'kwok'] as const) {
      await buildComponent(layout, component, options);
    }
  });
  return binaries;
}

async function buildComponent(
  layout: DevClusterLayout,
  component: Component,
  options: EnsureBinariesOptions,
) {
  const binDir = layout.binDirs[component];
  const names = component === 'kubernetes' ? [...KUBERNETES_COMMANDS] : [component];
  const report = (phase: BuildProgress['phase'], elapsedMs = 0, downloads = 0) =>
    options.onProgress?.({ component, phase, elapsedMs, downloads });
  if (await allExecutable(names.map((n) => join(binDir, n)))) {
    report('cached');
    return;
  }
  await requireGo(options.env);
  const started = Date.now();
  const staging = `${binDir}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const steps = buildSteps(layout, component, staging);
  for (const step of steps) {
    await runGoStep(step, options, (downloads, phase) => {
      report(phase, Date.now() - started, downloads);
    });
  }
  await rm(binDir, { recursive: true, force: true });
  await rename(staging, binDir);
  report('done', Date.now() - started);
}

interface GoStep {
  phase: 'resolving' | 'compiling';
  args: string[];
  cwd: string;
  files?: WrapperFiles;
  extraEnv?: NodeJS.ProcessEnv;
}

function buildSteps(layout: DevClusterLayout, component: Component, outDir: string): GoStep[] {
  const v = COMPONENT_VERSIONS[component];
  const cwd = join(layout.srcDir, `${component}-${v}`);
  if (component === 'kwok') {
    const args = ['install', '-trimpath', '-ldflags', '-s -w', `sigs.k8s.io/kwok/cmd/kwok@${v}`];
    return [{ phase: 'compiling', args, cwd: layout.root, extraEnv: { GOBIN: outDir } }];
  }
  const files = component === 'kubernetes' ? kubernetesWrapper(v) : etcdWrapper(v);
  const build =
    component === 'kubernetes'
      ? [
          'build',
          '-trimpath',
          '-ldflags',
          kubernetesLdflags(v, new Date().toISOString().replace(/\.\d+Z$/, 'Z')),
        ]
      : ['build', '-trimpath', '-ldflags', '-s -w'];
  const packages =
    component === 'kubernetes'
      ? KUBERNETES_COMMANDS.map((c) => `k8s.io/kubernetes/cmd/${c}`)
      : ['go.etcd.io/etcd/server/v3'];
  const output = component === 'kubernetes' ? `${outDir}/` : join(outDir, 'etcd');
  return [
    { phase: 'resolving', args: ['mod', 'tidy'], cwd, files },
    { phase: 'compiling', args: [...build, '-o', output, ...packages], cwd },
  ];
}

async function runGoStep(
  step: GoStep,
  options: EnsureBinariesOptions,
  onProgress: (downloads: number, phase: BuildProgress['phase']) => void,
): Promise<void> {
  await mkdir(step.cwd, { recursive: true });
  for (const [name, content] of Object.entries(step.files ?? {}))
    await writeFile(join(step.cwd, name), content);
  if (step.files) await rm(join(step.cwd, 'go.sum'), { force: true });
  let downloads = 0;
  onProgress(0, step.phase);
  const ticker = setInterval(() => {
    onProgress(downloads, 'tick');
  }, options.tickMs ?? 15_000);
  try {
    const env = { ...options.env, ...goEnv, ...step.extraEnv };
    const result = await runCommand('go', step.args, {
      cwd: step.cwd,
      env,
      onLine: (line) => (line.startsWith('go: downloading') ? (downloads += 1) : undefined),
    });
    if (result.code !== 0) {
      throw new DevClusterError(
        `go ${step.args.slice(0, 2).join(' ')} failed in ${step.cwd}:\n${result.tail.join('\n')}`,
        'check that the Go module proxy is reachable (GOPROXY) and that Go is 1.26 or newer',
      );
    }
  } finally {
    clearInterval(ticker);
  }
}

/** Go settings for a reproducible, cgo-free build with the installed toolchain. */
const goEnv: NodeJS.ProcessEnv = { GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };

async function requireGo(env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runCommand('go', ['env', 'GOVERSION'], { env }).catch(() => undefined);
  const version = result?.code === 0 ? result.tail[0] : undefined;
  if (!version) {
    throw new DevClusterError(
      'Go is not installed (or not on PATH): the local control plane is built from Go modules',
      'install Go 1.26 or newer, or set ORK_DEV_BIN_DIR to a folder with prebuilt kube-apiserver, kube-controller-manager, kube-scheduler, etcd and kwok',
    );
  }
  const [major = 0, minor = 0] = version.replace(/^go/, '').split('.').map(Number);
  if (major < 1 || (major === 1 && minor < 24)) {
    throw new DevClusterError(`${version} is too old to build Kubernetes 1.33`, 'install Go 1.26 or newer');
  }
}

async function allExecutable(paths: readonly string[]): Promise<boolean> {
  const checks = await Promise.all(
    paths.map((p) =>
      access(p, constants.X_OK).then(
        () => true,
        () => false,
      ),
    ),
  );
  return checks.every(Boolean);
}

async function requireExecutables(binaries: Binaries, source: string): Promise<void> {
  for (const path of Object.values(binaries)) {
    if (!(await allExecutable([path]))) {
      throw new DevClusterError(
        `${path} is missing or not executable (from ${source})`,
        'put all five binaries in that folder, or unset ORK_DEV_BIN_DIR to build them',
      );
    }
  }
}
