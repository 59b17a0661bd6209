/**
 * Loading a {@link ClusterConfig} from kubeconfig files: server, CA, client certificate, token,
 * token file, basic auth, exec plugin and proxy of the selected context. A legacy auth-provider is
 * served through @kubernetes/client-node, imported only then (legacy-auth-provider.ts).
 */
import { readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import {
  basicAuthCredentials,
  KubeConfigError,
  noCredentials,
  staticTokenCredentials,
} from './cluster-config.ts';
import type { ClusterConfig, Credentials, TlsConfig } from './cluster-config.ts';
import { execCredentials } from './exec-credential.ts';
import { legacyAuthProviderCredentials } from './legacy-auth-provider.ts';
import type { ExecClusterInfo, ExecConfig } from './exec-credential.ts';
import { asMap, mergeKubeconfigs, parserFor, selectContext, stringField } from './kubeconfig-merge.ts';
import type { KubeconfigEntry, KubeconfigSource, YamlMap } from './kubeconfig-merge.ts';
import { tokenFileCredentials } from './token-file.ts';
import type { TokenFileOptions } from './token-file.ts';

/** How to load a kubeconfig. */
export interface KubeconfigOptions {
  /** Files in precedence order (a KUBECONFIG list); missing files are skipped, as kubectl does. */
  paths: string[];
  /** These files as already read (see {@link readKubeconfigsAsJson}); `paths` is then not read. */
  sources?: KubeconfigSource[];
  /** Context to use instead of `current-context`. */
  context?: string;
  /** Process environment, handed to exec plugins (kube/ never reads process.env itself). */
  env: Record<string, string | undefined>;
  /** Tuning of token-file re-reads. */
  tokenFile?: TokenFileOptions;
}

/** The kubeconfig paths kubectl would use: `KUBECONFIG` split on the path delimiter, else ~/.kube/config. */
export function kubeconfigPaths(env: Record<string, string | undefined>): string[] {
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter((path) => path !== '');
  if (list.length > 0) return list;
  const home = env.HOME ?? env.USERPROFILE;
  return home === undefined ? [] : [join(home, '.kube', 'config')];
}

/** Reads the kubeconfig files that exist among `paths`. */
async function readSources(paths: string[]): Promise<KubeconfigSource[]> {
  const sources: KubeconfigSource[] = [];
  for (const path of paths) {
    try {
      sources.push({ path, text: await readFile(path, 'utf8') });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new KubeConfigError(`cannot read kubeconfig ${path}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }
  if (sources.length === 0) throw new KubeConfigError(`no kubeconfig found (looked at: ${paths.join(', ')})`);
  return sources;
}

/** Reads `<key>-data` (base64) or the file `<key>` (relative to the entry's file) as bytes. */
async function readDataOrFile(entry: KubeconfigEntry, key: string): Promise<Buffer | undefined> {
  const data = stringField(entry.value, `${key}-data`);
  if (data !== undefined) return Buffer.from(data, 'base64');
  const file = stringField(entry.value, key);
  if (file === undefined) return undefined;
  const path = resolve(entry.dir, file);
  try {
    return await readFile(path);
  } catch (error) {
    throw new KubeConfigError(`${entry.name}: cannot read ${key} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function loadTls(cluster: KubeconfigEntry, user: KubeconfigEntry | undefined): Promise<TlsConfig> {
  const tls: TlsConfig = { insecureSkipTlsVerify: cluster.value['insecure-skip-tls-verify'] === true };
  const ca = await readDataOrFile(cluster, 'certificate-authority');
  if (ca !== undefined) tls.ca = ca;
  const serverName = stringField(cluster.value, 'tls-server-name');
  if (serverName !== undefined) tls.serverName = serverName;
  if (user === undefined) return tls;
  const cert = await readDataOrFile(user, 'client-certificate');
  const key = await readDataOrFile(user, 'client-key');
  if ((cert === undefined) !== (key === undefined)) {
    throw new KubeConfigError(
      `user "${user.name}" has a client certificate without a key, or a key without one`,
    );
  }
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  return tls;
}

/** Decodes a kubeconfig `exec` stanza. */
export function parseExecConfig(raw: YamlMap, userName: string): ExecConfig {
  const command = stringField(raw, 'command');
  const apiVersion = stringField(raw, 'apiVersion');
  if (command === undefined || apiVersion === undefined) {
    throw new KubeConfigError(`user "${userName}": exec needs a command and an apiVersion`);
  }
  const args = Array.isArray(raw.args) ? raw.args.map(String) : [];
  const env = (Array.isArray(raw.env) ? raw.env : []).flatMap((item: unknown) => {
    const name = stringField(asMap(item), 'name');
    const value = asMap(item)?.value;
    return name === undefined ? [] : [{ name, value: typeof value === 'string' ? value : '' }];
  });
  const exec: ExecConfig = {
    apiVersion,
    command,
    args,
    env,
    provideClusterInfo: raw.provideClusterInfo === true,
  };
  const installHint = stringField(raw, 'installHint');
  if (installHint !== undefined) exec.installHint = installHint;
  const interactiveMode = stringField(raw, 'interactiveMode');
  if (interactiveMode !== undefined) exec.interactiveMode = interactiveMode;
  return exec;
}

function execClusterInfo(cluster: KubeconfigEntry, server: string, tls: TlsConfig): ExecClusterInfo {
  const info: ExecClusterInfo = { server, 'insecure-skip-tls-verify': tls.insecureSkipTlsVerify === true };
  if (tls.ca !== undefined) info['certificate-authority-data'] = tls.ca.toString('base64');
  if (tls.serverName !== undefined) info['tls-server-name'] = tls.serverName;
  const proxyUrl = stringField(cluster.value, 'proxy-url');
  if (proxyUrl !== undefined) info['proxy-url'] = proxyUrl;
  const extension = asMap(asMap(cluster.value.extensions)?.['client.authentication.k8s.io/exec']);
  if (extension !== undefined) info.config = extension;
  return info;
}

interface CredentialContext {
  user: KubeconfigEntry | undefined;
  cluster: KubeconfigEntry;
  server: string;
  tls: TlsConfig;
  options: KubeconfigOptions;
}

function userCredentials(ctx: CredentialContext): Credentials {
  const { user } = ctx;
  if (user === undefined) return noCredentials;
  return pluginCredentials(user, ctx) ?? secretCredentials(user, ctx.options);
}

/** Credentials that run something: an exec plugin, or a legacy auth-provider through client-node. */
function pluginCredentials(user: KubeconfigEntry, ctx: CredentialContext): Credentials | undefined {
  const authProvider = asMap(user.value['auth-provider']);
  const provider = stringField(authProvider, 'name');
  if (provider !== undefined) {
    const config = asMap(authProvider?.config) ?? {};
    return legacyAuthProviderCredentials({ user: user.name, name: provider, config }, ctx.server);
  }
  const exec = asMap(user.value.exec);
  if (exec === undefined) return undefined;
  const config = parseExecConfig(exec, user.name);
  if (config.command.includes('/') && !isAbsolute(config.command))
    config.command = resolve(user.dir, config.command);
  const cluster = execClusterInfo(ctx.cluster, ctx.server, ctx.tls);
  return execCredentials(config, { env: ctx.options.env, cluster, cwd: user.dir });
}

/** Credentials written in the kubeconfig: a token, a token file, or a user name and password. */
function secretCredentials(user: KubeconfigEntry, options: KubeconfigOptions): Credentials {
  const token = stringField(user.value, 'token');
  if (token !== undefined) return staticTokenCredentials(token);
  const tokenFile = stringField(user.value, 'tokenFile');
  if (tokenFile !== undefined) return tokenFileCredentials(resolve(user.dir, tokenFile), options.tokenFile);
  const username = stringField(user.value, 'username');
  const password = stringField(user.value, 'password');
  if (username !== undefined && password !== undefined) return basicAuthCredentials(username, password);
  return noCredentials;
}

/**
 * Loads the selected context of the merged kubeconfig files into a {@link ClusterConfig}.
 * @throws KubeConfigError when no file exists, the context is incomplete, or a referenced file is
 * unreadable. (A legacy auth-provider fails on first use when @kubernetes/client-node is missing.)
 */
export async function loadKubeconfig(options: KubeconfigOptions): Promise<ClusterConfig> {
  const sources = options.sources ?? (await readSources(options.paths));
  const merged = mergeKubeconfigs(sources, await parserFor(sources));
  const { contextName, cluster, user, namespace } = selectContext(merged, options.context);
  const server = stringField(cluster.value, 'server')?.replace(/\/+$/, '');
  if (server === undefined) throw new KubeConfigError(`cluster "${cluster.name}" has no server`);
  const tls = await loadTls(cluster, user);
  const credentials = userCredentials({ user, cluster, server, tls, options });
  const config: ClusterConfig = { server, tls, namespace, credentials, contextName };
  const proxyUrl = stringField(cluster.value, 'proxy-url');
  if (proxyUrl !== undefined) config.proxyUrl = proxyUrl;
  return config;
}

/**
 * Reads the kubeconfig files among `paths` and re-encodes each as JSON, for a process that loads
 * the YAML library anyway to hand to one that should not have to (`sources` of loadKubeconfig).
 * Undefined when a file cannot be read or parsed: the loading process then reads them itself and
 * reports the error.
 */
export async function readKubeconfigsAsJson(paths: string[]): Promise<KubeconfigSource[] | undefined> {
  try {
    const sources = await readSources(paths);
    const parse = await parserFor(sources);
    return sources.map((source) => ({ path: source.path, text: JSON.stringify(parse(source.text) ?? {}) }));
  } catch {
    return undefined;
  }
}
