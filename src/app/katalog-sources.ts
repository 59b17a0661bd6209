/**
 * `ork run -k oci://registry/repository:tag` (or `@sha256:…`): a Katalog stored as an OCI artifact
 * (`ork push`) is pulled — digests verified — into a temporary folder, and the run reads its Katalog
 * file from there, its crdFile and crFiles beside it. Credentials come from the Docker config, as for
 * `ork pull`; `ORK_REGISTRY_CA_FILE` names a CA to trust and `ORK_REGISTRY_PLAIN_HTTP=true` allows a
 * registry without TLS (loopback tests).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OCI = 'oci://';

/** The `-k` values with every OCI reference replaced by the path of its pulled Katalog file. */
export interface KatalogSources {
  readonly files: readonly string[];
  /** Removes the pulled folders. */
  cleanup(): Promise<void>;
}

/** Whether a `-k` value names an OCI artifact. */
export function isOciSource(value: string): boolean {
  return value.startsWith(OCI);
}

/**
 * Pulls every OCI reference among `files` (files stay as they are).
 * @throws RegistryError when a pull fails, Error when an artifact holds no Katalog file
 */
export async function resolveKatalogSources(
  files: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<KatalogSources> {
  if (!files.some(isOciSource)) return { files, cleanup: () => Promise.resolve() };
  const root = await mkdtemp(join(tmpdir(), 'ork-katalog-'));
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    const { pull } = await import('./registry.ts');
    const flags = {
      ...(env['ORK_REGISTRY_CA_FILE'] ? { caFile: env['ORK_REGISTRY_CA_FILE'] } : {}),
      plainHttp: env['ORK_REGISTRY_PLAIN_HTTP'] === 'true',
    };
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
