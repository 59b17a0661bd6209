#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 --expose-gc
// The `ork` command. Kept in plain JavaScript that any Node.js can parse, so that an older Node
// (say the machine's Node 20) hands over to the project's own Node 24 instead of failing obscurely.
// --max-semi-space-size=8 caps V8's young generation at 8 MB a half (V8 lets it grow to 64 MB on a
// machine with 24 GB): under a burst fewer short-lived objects (responses, rendered manifests
// awaiting a write) are promoted to the old generation, which costs ~15 % less CPU than 2 MB; an
// idle process keeps ~1 MB of it.
// --expose-gc lets `ork run` give a burst's heap back to the system once it is idle again: its heap
// settler runs V8's memory-reducing collection, which also shrinks the young generation (without
// the flag it does nothing).
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (V8's compiler and GC helpers) an
// arena of its own and keeps their freed pages; two arenas keep an idle operator from growing by
// ~10 MB after each resync's burst of work.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
const recent = major > 22 || (major === 22 && minor >= 19);

if (!recent) {
  const local = join(root, '.cache', 'node-24.21.0', 'bin', 'node');
  if (existsSync(local)) {
    const flags = ['--max-semi-space-size=8', '--expose-gc'];
    const child = spawnSync(local, [...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { MALLOC_ARENA_MAX: '2', ...process.env },
    });
    process.exit(child.status ?? 1);
  }
  // A clone has scripts/setup.sh to fetch Node 24; an installed package (npm, the image) has not.
  const clone = existsSync(join(root, 'scripts', 'setup.sh'));
  console.error(
    clone
      ? `ork needs Node.js >= 22.19 (this is ${process.version}). Run \`bash scripts/setup.sh\` once: it installs Node 24 into .cache/.`
      : `ork needs Node.js >= 22.19 (this is ${process.version}): install Node.js 24 LTS (https://nodejs.org) and run ork with it.`,
  );
  process.exit(1);
}

// Compiled code is cached on disk between runs (Node's compile cache): an operator reaches
// readiness sooner, and so does the child process that compiles its Katalog.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

const entry = join(root, 'dist', 'ork.js');
if (!existsSync(entry)) {
  console.error('ork is not built yet: run `npm run build` (or `bash scripts/setup.sh`).');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
