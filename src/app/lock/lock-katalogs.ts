/**
 * `ork lock -k REF [-k …] [-o orkestra.lock]`: every OCI reference among the `-k` values resolved to
 * the digest its tag names now (a HEAD on the manifest), and every remote source of a Komposer among
 * them to its pin (lock-komposer.ts), written as a lock file in the stable order. Other local files
 * need no pin and are listed as such. The lock is written only when every reference and source
 * resolved: a failure leaves the previous lock untouched.
 */
import { nodeFs } from '../../util/index.ts';
import { isOciSource } from '../katalog-sources.ts';
import { resolve, type RegistryFlags } from '../registry.ts';
import { writeLockFile } from './lock-file.ts';
import {
  buildLock,
  LOCK_FILE,
  LockFileError,
  ociKey,
  type KatalogLock,
  type LockEntry,
} from './lock-format.ts';

/** What `ork lock` did. */
export interface LockResult {
  readonly file: string;
  readonly lock: KatalogLock;
  /** The `-k` values that are local files (nothing to pin). */
  readonly local: readonly string[];
  /** The `-k` values that are Komposers (their remote sources locked). */
  readonly komposers: readonly string[];
}

/**
 * The environment a Komposer's sources are fetched with: its registry sources read the CA and plain-HTTP
 * settings from it, so `ork lock`'s own flags apply to them too.
 */
function komposerEnv(flags: RegistryFlags, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    ...(flags.caFile === undefined ? {} : { ORK_REGISTRY_CA_FILE: flags.caFile }),
    ...(flags.plainHttp === true ? { ORK_REGISTRY_PLAIN_HTTP: 'true' } : {}),
  };
}

/** Resolves the OCI references of `values` and writes the lock to `output` (default orkestra.lock). */
export async function lockKatalogs(
  values: readonly string[],
  flags: RegistryFlags & { readonly output?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<LockResult> {
  const file = flags.output ?? LOCK_FILE;
  const entries: LockEntry[] = [];
  const local: string[] = [];
  const komposers: string[] = [];
  for (const value of values) {
    if (!isOciSource(value)) {
      if (!nodeFs.existsSync(value)) throw new LockFileError(`${value}: no such file, nor an OCI reference`);
      const { isKomposerFile, lockKomposer } = await import('./lock-komposer.ts');
      if (await isKomposerFile(value)) {
        entries.push(...(await lockKomposer(value, komposerEnv(flags, env))));
        komposers.push(value);
      } else local.push(value);
      continue;
    }
    entries.push({ oci: ociKey(value), digest: await resolve(value, flags, env) });
  }
  const lock = buildLock(entries, file);
  await writeLockFile(file, lock);
  return { file, lock, local, komposers };
}
