// Summarizes a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes, e.g. from
// `node bench/run-idle.ts --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof`): self time
// by where the code comes from (a package, a src/ folder, node internals, GC, idle) and the
// functions with the most self time. Code of the dist/ bundle is traced back to its src/ file
// through the bundle's source maps. Given a folder, the largest profile in it is read (the
// operator's; `ork run`'s short-lived Katalog child writes one too). Prints figures only. Run:
//   source scripts/node-env.sh && node bench/run-profile.ts <file.cpuprofile | folder> [top=25]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function originOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1] !== undefined) return pkg[1];
  const own = /\/(dist|src|bench)\/([^/]+)/.exec(url);
  return own?.[1] !== undefined ? `${own[1]}/${own[2] ?? ''}` : url;
}

/** The largest .cpuprofile of a folder, or the file itself. */
function profileFile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f));
  const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (largest === undefined) throw new Error(`no .cpuprofile in ${path}`);
  return largest;
}

const sourceMaps = new Map<string, SourceMap | undefined>();

/** The frame's location in src/ when it comes from a dist/ bundle with a source map. */
function sourceFrame(frame: ProfileNode['callFrame']): ProfileNode['callFrame'] {
  if (!frame.url.startsWith('file://') || !frame.url.includes('/dist/')) return frame;
  if (!sourceMaps.has(frame.url)) {
    try {
      const payload = JSON.parse(readFileSync(`${fileURLToPath(frame.url)}.map`, 'utf8')) as object;
      sourceMaps.set(frame.url, new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]));
    } catch {
      sourceMaps.set(frame.url, undefined);
    }
  }
  const entry = sourceMaps.get(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry === undefined || !('originalSource' in entry)) return frame;
  return { ...frame, url: entry.originalSource, lineNumber: entry.originalLine };
}

function main(): void {
  const path = process.argv[2];
  if (path === undefined)
    throw new Error('usage: node bench/run-profile.ts <file.cpuprofile | folder> [top]');
  const file = profileFile(path);
  console.log(`profile ${file}`);
  const top = Number(process.argv[3] ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const raw = byId.get(id)?.callFrame;
    if (raw === undefined) continue;
    const frame = sourceFrame(raw);
    const origin = originOf(frame.url, frame.functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
    if (origin !== '(idle)') busy += us;
    const fn = `${frame.functionName || '(anonymous)'}  ${frame.url.replace(/^.*\/(node_modules|dist|src)\//, '$1/')}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const wall = (profile.endTime - profile.startTime) / 1000;
  console.log(`profile: ${(wall / 1000).toFixed(2)} s wall, ${(busy / 1e6).toFixed(2)} s not idle\n`);
  console.log('self time by origin (ms, % of not idle)');
  for (const [origin, us] of [...byOrigin].sort((a, b) => b[1] - a[1])) {
    const share = origin === '(idle)' ? '' : ` ${((us / busy) * 100).toFixed(1)}%`;
    console.log(`  ${(us / 1000).toFixed(0).padStart(7)}${share.padStart(7)}  ${origin}`);
  }
  console.log(`\ntop ${top} functions by self time (ms)`);
  const functions = [...byFunction].filter(([fn]) => !fn.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
  for (const [fn, us] of functions.slice(0, Number(process.env.TOP ?? top)))
    console.log(`  ${(us / 1000).toFixed(1).padStart(7)}  ${fn}`);
}

main();
