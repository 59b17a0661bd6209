/**
 * The npm package as a user gets it: `npm pack` of the repository (dist/ as built, no build run by
 * the pack), then `npm install <tarball>` into an empty folder with no registry (`--offline`, an
 * empty npm cache of its own). Shared by the package test and bench/package.ts, which prints the
 * same figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm pack --json` says of the tarball. */
export interface Packed {
  path: string;
  /** Compressed bytes. */
  size: number;
  unpackedSize: number;
  files: string[];
}

/** Runs a command; throws with its output when it fails. */
export function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  return result.stdout;
}

/**
 * Packs the repository at `root` into `dir`. `--ignore-scripts`: the `prepack` build is the caller's
 * (e2e's ensureBuilt), so a pack never empties dist/ under another test's running `ork`.
 */
export function pack(root: string, dir: string): Packed {
  const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
  const [info] = JSON.parse(out) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  if (info === undefined) throw new Error(`npm pack printed no tarball: ${out}`);
  return {
    path: join(dir, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f) => f.path),
  };
}

/**
 * Installs `tarball` into the empty folder `app`, offline and with an empty npm cache of its own:
 * it succeeds only if the package needs nothing from a registry. Resolves to the time it took.
 */
export function installOffline(tarball: string, app: string): number {
  mkdirSync(app, { recursive: true });
  const started = performance.now();
  run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--cache', `${app}.npm-cache`, tarball],
    app,
  );
  return Math.round(performance.now() - started);
}
