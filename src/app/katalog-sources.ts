/**
 * `ork run -k oci://registry/repository:tag` (or `@sha256:…`, or without `oci://` when it reads as a
 * reference and no such file exists): a Katalog stored as an OCI artifact
 * (`ork push`) is pulled — digests verified — into a temporary folder, and the run reads its Katalog
 * file from there, its crdFile and crFiles beside it. Credentials come from the Docker config, as for
 * `ork pull`; `ORK_REGISTRY_CA_FILE` names a CA to trust and `ORK_REGISTRY_PLAIN_HTTP=true` allows a
 * registry without TLS (loopback tests).
 *
 * With a lock file (`--lock`, else `ORK_LOCK_FILE`), each reference is pulled by the digest the lock
 * pins, and a reference the lock lacks stops the run. No lock file is picked up implicitly: which
 * lock governs a production run is said where the run is configured, never found by accident.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFs } from '../util/index.ts';

const OCI = 'oci://';

/** The `-k` values with every OCI reference replaced by the path of its pulled Katalog file. */
export interface KatalogSources {
  readonly files: readonly string[];
  /** Removes the pulled folders. */
  cleanup(): Promise<void>;
}

/** A registry host: localhost, a name with a dot, any name with a port, or an IPv6 literal; a port optional. */
const REGISTRY_HOST =
  /^(?:localhost|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+|\[[0-9a-f:]+\])(?::\d{1,5})?$|^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?:\d{1,5}$/i;

/**
 * Whether a `-k` value names an OCI artifact: `oci://…` always; else, when no file or folder of that
 * path exists, a value that reads as a reference with a registry host, a repository and a tag or
 * digest (`localhost:5000/katalogs/web:v1`). An existing path always wins, and a missing path that
 * is no reference stays a file (its "no such file" error unchanged).
 */
export function isOciSource(value: string, exists: (path: string) => boolean = nodeFs.existsSync): boolean {
  if (value.startsWith(OCI)) return true;
  return looksLikeReference(value) && !exists(value);
}

/**
 * Whether `value` (no `oci://`) reads as `host/repository:tag` or `host/repository@digest`. Only its
 * shape: the registry code (loaded only for a pull) checks the rest, with an error that names the
 * part at fault — clearer than "no such file" for what was meant as a reference.
 */
export function looksLikeReference(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash <= 0 || !REGISTRY_HOST.test(value.slice(0, slash))) return false;
  const last = value.slice(value.lastIndexOf('/') + 1);
  return /^[^:@]+(?::[^:@]+)?(?:@[^:@]+:[^:@]+)?$/.test(last) && /[:@]/.test(last);
}

/**
 * Pulls every OCI reference among `files` (files stay as they are).
 * @throws RegistryError when a pull fails, Error when an artifact holds no Katalog file
 */
export async function resolveKatalogSources(
  files: readonly string[],
  options: { readonly lock?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<KatalogSources> {
  // A lock governs OCI references only: a run of local files never reads it (nor loads YAML for it).
  if (!files.some((value) => isOciSource(value))) return { files, cleanup: () => Promise.resolve() };
  const root = await mkdtemp(join(tmpdir(), 'ork-katalog-'));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    const { pull } = await import('./registry.ts');
    const flags = pullFlags(options.lock, env);
    const resolved: string[] = [];
    for (const [i, value] of files.entries()) {
      if (!isOciSource(value)) {
        resolved.push(value);
        continue;
      }
      const dir = join(root, String(i));
      await pull(value, { ...flags, output: dir }, env);
      resolved.push(join(dir, await katalogFileIn(dir, value)));
    }
    return { files: resolved, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The pull's flags from the environment; the lock from `--lock`, else ORK_LOCK_FILE. */
function pullFlags(lockFlag: string | undefined, env: NodeJS.ProcessEnv) {
  const lock = lockFlag ?? (env['ORK_LOCK_FILE'] || undefined);
  return {
    ...(env['ORK_REGISTRY_CA_FILE'] ? { caFile: env['ORK_REGISTRY_CA_FILE'] } : {}),
    plainHttp: env['ORK_REGISTRY_PLAIN_HTTP'] === 'true',
    ...(lock === undefined ? {} : { lock }),
  };
}

/** The Katalog file of a pulled artifact: its katalog.yaml (or .yml), else its only YAML file. */
export async function katalogFileIn(dir: string, ref: string): Promise<string> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  const named = names.find((name) => name === 'katalog.yaml' || name === 'katalog.yml');
  if (named !== undefined) return named;
  const yaml = names.filter((name) => /\.ya?ml$/.test(name));
  if (yaml.length === 1 && yaml[0] !== undefined) return yaml[0];
  throw new Error(
    `${ref} holds no katalog.yaml at its top (files: ${names.join(', ') || 'none'}); push the folder of the Katalog`,
  );
}
