// Summarizes a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes, e.g. from
// `node bench/run-idle.ts --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof`): self time
// by where the code comes from (a package, a dist/ folder, node internals, GC, idle) and the
// functions with the most self time. Prints figures only. Run:
//   source scripts/node-env.sh && node bench/run-profile.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
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

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: node bench/run-profile.ts <file.cpuprofile> [top]');
  const top = Number(process.argv[3] ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
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
  for (const [fn, us] of functions.slice(0, top))
    console.log(`  ${(us / 1000).toFixed(1).padStart(7)}  ${fn}`);
}

main();
