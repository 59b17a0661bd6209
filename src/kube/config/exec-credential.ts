/**
 * Exec credential plugins (client.authentication.k8s.io v1 and v1beta1): a command the
 * kubeconfig names (kubelogin, aws, gke-gcloud-auth-plugin...) that prints an ExecCredential
 * with a token. The token is cached until its expirationTimestamp and fetched again after a 401.
 */
import { execFile } from 'node:child_process';
import { KubeConfigError } from './cluster-config.ts';
import type { Credentials } from './cluster-config.ts';

/** The `exec` stanza of a kubeconfig user. */
export interface ExecConfig {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  /** Pass the cluster (server, CA) to the plugin in KUBERNETES_EXEC_INFO. */
  provideClusterInfo: boolean;
  installHint?: string;
  /** 'Never' | 'IfAvailable' | 'Always'; we never have a terminal, so 'Always' cannot work. */
  interactiveMode?: string;
}

/** The cluster a plugin is told about when `provideClusterInfo` is set. */
export interface ExecClusterInfo {
  server: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
  config?: unknown;
}

/** Where and how a plugin runs. */
export interface ExecCredentialOptions {
  /** Base environment of the plugin (the process environment, passed in by the caller). */
  env: Record<string, string | undefined>;
  cluster?: ExecClusterInfo;
  /** Working directory (the kubeconfig's directory, so relative commands resolve). */
  cwd?: string;
  /** Kill the plugin after this long. @default 60000 */
  timeoutMs?: number;
  /** Clock in ms (for tests). @default Date.now */
  now?: () => number;
}

const supportedVersions = new Set([
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
]);

interface CachedCredential {
  header: string;
  expiresAt: number | undefined;
}

function pluginEnv(exec: ExecConfig, options: ExecCredentialOptions): Record<string, string | undefined> {
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo && options.cluster !== undefined) spec.cluster = options.cluster;
  const info = { apiVersion: exec.apiVersion, kind: 'ExecCredential', spec };
  const env: Record<string, string | undefined> = { ...options.env };
  for (const { name, value } of exec.env) env[name] = value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify(info);
  return env;
}

function runPlugin(exec: ExecConfig, options: ExecCredentialOptions): Promise<string> {
  const runOptions = {
    env: pluginEnv(exec, options),
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 4 * 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    execFile(exec.command, exec.args, runOptions, (error, stdout, stderr) => {
      if (error === null) {
        resolve(stdout);
        return;
      }
      const hint = exec.installHint === undefined ? '' : `\n${exec.installHint}`;
      const tail = stderr.trim().slice(-500);
      const message = `exec credential plugin "${exec.command}" failed: ${error.message}${tail === '' ? '' : `: ${tail}`}${hint}`;
      reject(new KubeConfigError(message, { cause: error }));
    });
  });
}

/** Decodes a plugin's stdout into an Authorization header and expiry. */
export function parseExecCredential(stdout: string, exec: ExecConfig): CachedCredential {
  let parsed: { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new KubeConfigError(`exec credential plugin "${exec.command}" printed no JSON ExecCredential`);
  }
  if (parsed.kind !== 'ExecCredential' || parsed.apiVersion !== exec.apiVersion) {
    throw new KubeConfigError(
      `exec credential plugin "${exec.command}" printed ${String(parsed.kind)} ${String(parsed.apiVersion)}, want ExecCredential ${exec.apiVersion}`,
    );
  }
  const status = parsed.status ?? {};
  if (typeof status.token !== 'string' || status.token === '') {
    const certOnly = typeof status.clientCertificateData === 'string';
    throw new KubeConfigError(
      certOnly
        ? `exec credential plugin "${exec.command}" returned a client certificate; only token plugins are supported`
        : `exec credential plugin "${exec.command}" returned no token`,
    );
  }
  const expiry =
    typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : NaN;
  return { header: `Bearer ${status.token}`, expiresAt: Number.isNaN(expiry) ? undefined : expiry };
}

/** Rejects exec stanzas that cannot work before anything runs. */
export function checkExecConfig(exec: ExecConfig): void {
  if (!supportedVersions.has(exec.apiVersion)) {
    throw new KubeConfigError(
      `exec credential plugin "${exec.command}" uses apiVersion "${exec.apiVersion}"; supported: ${[...supportedVersions].join(', ')}`,
    );
  }
  if (exec.interactiveMode === 'Always') {
    throw new KubeConfigError(
      `exec credential plugin "${exec.command}" needs a terminal (interactiveMode: Always); Orkestra runs without one`,
    );
  }
}

/**
 * Credentials from an exec plugin: the plugin runs on first use, its token is cached until
 * `expirationTimestamp` (forever if it gives none), concurrent callers share one run, and
 * `refresh()` (after a 401) drops the cache so the next request runs the plugin again.
 */
export function execCredentials(exec: ExecConfig, options: ExecCredentialOptions): Credentials {
  checkExecConfig(exec);
  const now = options.now ?? Date.now;
  let cached: CachedCredential | undefined;
  let running: Promise<CachedCredential> | undefined;

  const fetchCredential = (): Promise<CachedCredential> => {
    running ??= runPlugin(exec, options)
      .then((stdout) => (cached = parseExecCredential(stdout, exec)))
      .finally(() => (running = undefined));
    return running;
  };

  return {
    authorization: async () => {
      const current = cached;
      const fresh = current !== undefined && (current.expiresAt === undefined || now() < current.expiresAt);
      return fresh ? current.header : (await fetchCredential()).header;
    },
    refresh: () => {
      cached = undefined;
      return Promise.resolve(true);
    },
  };
}
