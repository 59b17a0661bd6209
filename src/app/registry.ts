/**
 * `ork push` and `ork pull`: the registry client's options from flags and the environment — the
 * Docker config folder (`DOCKER_CONFIG`, else `~/.docker`), a CA file, plain HTTP — and the
 * `created` time (`SOURCE_DATE_EPOCH` when set, for reproducible manifests).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  caTransport,
  discoverKatalogs,
  dockerCredentials,
  fetchTransport,
  parseReference,
  pullKatalog,
  pushKatalog,
  RegistryError,
  resolveKatalog,
  type Credentials,
  type PullResult,
  type PushResult,
} from '../registry/index.ts';

/** The flags `ork push` and `ork pull` share. */
export interface RegistryFlags {
  readonly username?: string;
  /** Read from stdin by the command (`--password-stdin`). */
  readonly password?: string;
  readonly caFile?: string;
  readonly plainHttp?: boolean;
  /** Where progress lines of large blobs go (`final` the last of a blob); none when absent. */
  readonly progress?: (line: string, final: boolean) => void;
}

async function clientOptions(ref: string, flags: RegistryFlags, env: NodeJS.ProcessEnv) {
  const registry = parseReference(ref).registry;
  const credentials = await credentialsFor(registry, flags, env);
  let ca: string | undefined;
  if (flags.caFile !== undefined) {
    const file = flags.caFile;
    ca = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new RegistryError('invalid', `cannot read the CA file ${file}: ${(error as Error).message}`);
    });
  }
  return {
    transport: ca === undefined ? fetchTransport : caTransport(ca),
    ...(credentials === undefined ? {} : { credentials }),
    plainHttp: flags.plainHttp === true,
    ...(flags.progress === undefined ? {} : { progress: flags.progress }),
  };
}

async function credentialsFor(
  registry: string,
  flags: RegistryFlags,
  env: NodeJS.ProcessEnv,
): Promise<Credentials | undefined> {
  if (flags.password !== undefined) {
    if (flags.username === undefined) throw new RegistryError('invalid', '--password-stdin needs --username');
    return { username: flags.username, password: flags.password };
  }
  const configDir = env['DOCKER_CONFIG'] ?? join(env['HOME'] ?? homedir(), '.docker');
  const stored = await dockerCredentials(configDir, registry);
  if (flags.username !== undefined && stored !== undefined && stored.username !== flags.username) {
    throw new RegistryError(
      'invalid',
      `--username ${flags.username} needs --password-stdin (no stored password for that user)`,
    );
  }
  return stored;
}

/** The `created` annotation: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
function createdAt(env: NodeJS.ProcessEnv): string {
  const epoch = env['SOURCE_DATE_EPOCH'];
  const seconds = epoch === undefined || epoch === '' ? NaN : Number(epoch);
  const date = Number.isFinite(seconds) ? new Date(seconds * 1000) : new Date();
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `ork push PATH REF`. */
export async function push(
  { path, ref }: { readonly path: string; readonly ref: string },
  flags: RegistryFlags & { readonly source?: string; readonly attach?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<PushResult> {
  const options = await clientOptions(ref, flags, env);
  const source = flags.source === undefined ? {} : { source: flags.source };
  const attach = flags.attach === undefined ? {} : { attach: flags.attach };
  return pushKatalog({ path, ref, created: createdAt(env), ...source, ...attach }, options);
}

/** `ork discover SUBJECT`: the Katalogs attached to a manifest. */
export async function discover(ref: string, flags: RegistryFlags, env: NodeJS.ProcessEnv = process.env) {
  return discoverKatalogs(ref, await clientOptions(ref, flags, env));
}

/**
 * `ork pull REF [-o DIR] [--lock FILE]`: with a lock, the manifest pulled is the locked digest, whatever
 * the tag names now.
 */
export async function pull(
  ref: string,
  flags: RegistryFlags & { readonly output?: string; readonly lock?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<PullResult & { readonly pulled: string }> {
  const pulled = flags.lock === undefined ? ref : await lockedRef(ref, flags.lock);
  const options = await clientOptions(pulled, flags, env);
  const outDir = flags.output === undefined ? {} : { outDir: flags.output };
  return { ...(await pullKatalog({ ref: pulled, ...outDir }, options)), pulled };
}

/** `ref` pinned to its digest in the lock file `file` (the lock code and YAML loaded only then). */
async function lockedRef(ref: string, file: string): Promise<string> {
  const [{ lockedReference }, { readLockFile }] = await Promise.all([
    import('./lock/lock-format.ts'),
    import('./lock/lock-file.ts'),
  ]);
  return lockedReference(await readLockFile(file), ref, file);
}

/** The manifest digest `ref` names now (`ork lock`). */
export async function resolve(
  ref: string,
  flags: RegistryFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return resolveKatalog(ref, await clientOptions(ref, flags, env));
}
