/**
 * The npm package's cost to a user: the tarball of `npm pack` (compressed and unpacked bytes, files)
 * and the time `npm install <tarball>` takes into an empty folder, offline with an empty npm cache
 * (median of several installs). Prints numbers; asserts nothing.
 * Run after `npm run build`: node bench/package.ts [installs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installOffline, pack } from '../test/integration/package/npm-pack.ts';

const installs = Number(process.argv[2] ?? 5);
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'ork-bench-package-'));
try {
  const packed = pack(root, work);
  const times = Array.from({ length: installs }, (_, i) =>
    installOffline(packed.path, join(work, `app-${String(i)}`)),
  );
  times.sort((a, b) => a - b);
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log(
    `tarball        ${kib(packed.size)} (${String(packed.size)} bytes), ${String(packed.files.length)} files`,
  );
  console.log(`unpacked       ${kib(packed.unpackedSize)}`);
  console.log(
    `install        median ${String(times[Math.floor(times.length / 2)])} ms, min ${String(times[0])} ms, max ${String(times.at(-1))} ms (${String(installs)} offline installs into an empty folder)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
