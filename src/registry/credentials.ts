/**
 * Registry credentials the way Docker keeps them: `config.json` in the Docker config folder, with
 * `auths` (base64 `user:password`, or an identity token), `credHelpers` (a helper per registry) and
 * `credsStore` (the helper for every other registry); a helper is `docker-credential-<name> get`,
 * the server on stdin, `{"Username","Secret"}` on stdout. Flags override all of it.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryError } from './errors.ts';

/** A user name and password (or token: Docker's `<token>` user means an identity token). */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The registry host of a key of `auths` (`https://host:port/v1/` → `host:port`). */
export function registryHostOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

/** The credentials Docker's config in `configDir` holds for `registry`, if any. */
export async function dockerCredentials(
  configDir: string,
  registry: string,
): Promise<Credentials | undefined> {
  const config = await readDockerConfig(join(configDir, 'config.json'));
  if (config === undefined) return undefined;
  const helper = helperFor(config, registry);
  if (helper !== undefined) {
    const fromHelper = await runCredentialHelper(helper, registry);
    if (fromHelper !== undefined) return fromHelper;
  }
  return fromAuths(config, registry);
}

function fromAuths(config: DockerConfig, registry: string): Credentials | undefined {
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (registryHostOf(key) !== registry) continue;
    if (entry.identitytoken) return { username: '<token>', password: entry.identitytoken };
    if (entry.auth) return decodeAuth(entry.auth, registry);
    if (entry.username !== undefined && entry.password !== undefined) {
      return { username: entry.username, password: entry.password };
    }
  }
  return undefined;
}

function helperFor(config: DockerConfig, registry: string): string | undefined {
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (registryHostOf(key) === registry) return helper;
  }
  return config.credsStore || undefined;
}

async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (error) {
    throw new RegistryError('invalid', `${path} is not valid JSON`, { cause: error });
  }
}

function decodeAuth(auth: string, registry: string): Credentials {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0)
    throw new RegistryError('invalid', `the Docker config's auth for ${registry} is not user:password`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** `docker-credential-<helper> get`: undefined when the helper knows no credentials for the server. */
export async function runCredentialHelper(
  helper: string,
  registry: string,
): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  const { code, out, err } = await runHelper(program, registry);
  // A helper with nothing stored for the server exits non-zero ("credentials not found").
  if (code !== 0) return undefined;
  try {
    const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
    const secret = parsed.Secret ?? '';
    return secret === '' ? undefined : { username: parsed.Username ?? '', password: secret };
  } catch {
    const why = `credential helper ${program} for ${registry} answered no JSON: ${err.trim()}`;
    throw new RegistryError('unauthorized', why);
  }
}

function runHelper(
  program: string,
  registry: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      const why = `credential helper ${program} for ${registry} could not start: ${error.message}`;
      reject(new RegistryError('unauthorized', why));
    });
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
    child.stdin.end(registry);
  });
}
