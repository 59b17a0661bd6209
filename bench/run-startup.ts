// What `ork run` pays at start-up before it talks to a cluster: the modules the CLI entry
// (dist/ork.js, the bundle bin/ork.js imports) loads, and the load time and RSS each dependency
// and each src layer (bundled on its own into .cache/bench-dist) costs on its own. Every figure
// comes from a fresh `node --expose-gc` process, read after gc() and 300 ms idle; module loads are
// recorded with module.registerHooks (ESM and CommonJS alike). No cluster needed; needs a current
// build (`npm run build`). Prints figures, asserts nothing. Run:
//   source scripts/node-env.sh && node bench/run-startup.ts
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileLayers, layerUrl } from './lib/compiled.ts';
import { ROOT, staleBuild } from './lib/ork.ts';

const MB = 1024 * 1024;

interface Usage {
  rss: number;
  heapUsed: number;
  loadMs: number;
  modules?: string[];
}

/** A child that imports `specifier` (nothing when empty), optionally recording every module loaded. */
const CHILD = `
const [specifier, record] = process.argv.slice(1);
const modules = [];
if (record === 'record') {
  const { registerHooks } = await import('node:module');
  registerHooks({ load(url, context, next) { modules.push(url); return next(url, context); } });
}
const t = performance.now();
if (specifier) await import(specifier);
const loadMs = performance.now() - t;
globalThis.gc(); await new Promise((r) => setTimeout(r, 300));
const { rss, heapUsed } = process.memoryUsage();
console.log(JSON.stringify({ rss, heapUsed, loadMs, modules: record === 'record' ? modules : undefined }));
process.exit(0);
`;

function measureImport(specifier: string, record = false): Usage {
  const args = ['--expose-gc', '--input-type=module', '-e', CHILD, specifier, record ? 'record' : ''];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Usage;
}

/** The median of `runs` fresh-process measurements (by RSS; load ms is the median too). */
function median(specifier: string, runs = 3): Usage {
  const samples = Array.from({ length: runs }, () => measureImport(specifier));
  const pick = (f: (u: Usage) => number): number =>
    samples.map(f).sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
  return { rss: pick((u) => u.rss), heapUsed: pick((u) => u.heapUsed), loadMs: pick((u) => u.loadMs) };
}

/** "node_modules/<pkg>" → pkg, "dist/<folder>/" → dist/<folder>, node: builtins → node:*. */
function groupOf(url: string): string {
  if (url.startsWith('node:')) return 'node: built-ins';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1] !== undefined) return pkg[1];
  const dist = /\/dist\/([^/]+)$/.exec(url);
  return dist?.[1] !== undefined ? `dist/${dist[1]}` : url;
}

function printModules(entry: string): void {
  const usage = measureImport(entry, true);
  const groups = new Map<string, number>();
  for (const url of usage.modules ?? []) groups.set(groupOf(url), (groups.get(groupOf(url)) ?? 0) + 1);
  console.log(
    `modules loaded by importing ${entry.slice(entry.lastIndexOf('/dist/') + 1)}: ${usage.modules?.length ?? 0} (load ${usage.loadMs.toFixed(0)} ms, RSS after gc ${(usage.rss / MB).toFixed(1)} MB)`,
  );
  const sorted = [...groups].sort((a, b) => b[1] - a[1]);
  console.log(sorted.map(([group, n]) => `  ${group}: ${n}`).join('\n'));
}

/** Whether `specifier` can be imported from the project's root (a dependency may have been dropped). */
function importable(specifier: string): boolean {
  try {
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    return true;
  } catch {
    return false;
  }
}

function printCosts(title: string, specs: readonly [string, string][], bare: Usage): void {
  console.log(`\n${title}`);
  console.log('what                                   load ms   RSS MB  +RSS over bare MB  heapUsed MB');
  for (const [label, spec] of specs) {
    if (!importable(spec)) {
      console.log(`${label.padEnd(38)} not installed`);
      continue;
    }
    const u = median(spec);
    const row = `${label.padEnd(38)} ${u.loadMs.toFixed(0).padStart(7)}  ${(u.rss / MB).toFixed(1).padStart(7)}  ${((u.rss - bare.rss) / MB).toFixed(1).padStart(17)}  ${(u.heapUsed / MB).toFixed(1).padStart(11)}`;
    console.log(row);
  }
}

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale !== undefined && !process.argv.includes('--stale')) throw new Error(stale);
  printModules(pathToFileURL(join(ROOT, 'dist', 'ork.js')).href);
  const bare = median('');
  console.log(
    `\nbare node ${process.version}: RSS ${(bare.rss / MB).toFixed(1)} MB, heapUsed ${(bare.heapUsed / MB).toFixed(1)} MB (after gc)`,
  );
  const packages = ['yaml', 'zod', 'undici', 'pino', 'prom-client', 'commander'];
  printCosts(
    'each dependency alone (fresh process, median of 3)',
    packages.map((p) => [p, p]),
    bare,
  );
  const layers = [
    'util',
    'kube',
    'observability',
    'template',
    'katalog',
    'resources',
    'runtime',
    'server',
    'app',
    'cli',
  ];
  await compileLayers(layers);
  printCosts(
    'each src folder bundled with what it imports (fresh process, median of 3)',
    layers.map((l) => [l, layerUrl(l)]),
    bare,
  );
}

await main();
