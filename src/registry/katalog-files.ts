/**
 * Reading a Katalog file or folder for a push, and writing a pulled one: into a temporary folder
 * beside the target, renamed into place only once every file is written, so a failed pull leaves
 * nothing behind and never a half-written Katalog.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { KatalogFile } from './artifact.ts';
import { RegistryError } from './errors.ts';

/** The files of a Katalog path and the title of its artifact (a file is a folder of one file). */
export async function readKatalogPath(path: string): Promise<{ title: string; files: KatalogFile[] }> {
  const full = resolve(path);
  const info = await lstat(full).catch((error: unknown) => {
    throw new RegistryError('invalid', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  });
  if (info.isFile()) {
    const name = basename(full);
    const title = basename(name, extname(name)) || name;
    return {
      title,
      files: [{ path: name, data: await readFile(full), executable: (info.mode & 0o111) !== 0 }],
    };
  }
  if (!info.isDirectory()) throw new RegistryError('invalid', `${path} is not a file or a folder`);
  const files: KatalogFile[] = [];
  await collect(full, '', files);
  if (files.length === 0) throw new RegistryError('invalid', `${path} holds no file to push`);
  return { title: basename(full), files };
}

async function collect(root: string, rel: string, files: KatalogFile[]): Promise<void> {
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const info = await lstat(join(root, path));
    if (info.isDirectory()) await collect(root, path, files);
    else if (info.isFile())
      files.push({ path, data: await readFile(join(root, path)), executable: (info.mode & 0o111) !== 0 });
    else
      throw new RegistryError(
        'invalid',
        `${join(root, path)} is not a file or a folder (links are not pushed)`,
      );
  }
}

/** Fails early when `target` exists and is not an empty folder. */
export async function checkTarget(target: string, ref: string): Promise<void> {
  const info = await lstat(target).catch(() => undefined);
  if (info === undefined) return;
  if (!info.isDirectory() || (await readdir(target)).length > 0) {
    throw new RegistryError('invalid', `${ref}: ${target} already exists and is not an empty folder`);
  }
}

/** Writes `files` under a temporary folder beside `target`, then renames it to `target`. */
export async function writeKatalogFolder(
  target: string,
  files: readonly KatalogFile[],
  ref: string,
): Promise<void> {
  const full = resolve(target);
  await checkTarget(full, ref);
  await mkdir(dirname(full), { recursive: true });
  const staging = await mkdtemp(join(dirname(full), `.${basename(full)}.pull-`));
  try {
    for (const file of files) {
      const path = join(staging, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.data, { mode: file.executable === true ? 0o755 : 0o644 });
    }
    await rmdir(full).catch(() => undefined); // an empty target folder is replaced
    await rename(staging, full);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
