/**
 * `ork render` throughput: CRs rendered per second through the real reconcile (offline cluster) for the
 * hello-website example's plan (one Deployment + one Service, a status field), with and without the YAML
 * printing; then the parse + validate + compile cost of a 100-CRD Katalog, measured by
 * bench/katalog-validate.ts (run as it is, not duplicated here). Prints numbers; asserts nothing.
 * Run: node bench/render.ts [crs] [runs]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadKatalogFiles } from '../src/app/katalog.ts';
import { formatRenderReport, renderCustomResources } from '../src/app/render/render-tools.ts';
import type { KubeObject } from '../src/kube/index.ts';

const count = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 5);
const root = fileURLToPath(new URL('../', import.meta.url));
const now = (): Date => new Date('2026-01-02T03:04:05Z');

const load = await loadKatalogFiles([`${root}examples/01-hello-website/katalog.yaml`]);
if (!load.ok || load.katalog === undefined) throw new Error('the hello-website Katalog does not load');
const { plans } = load;

function website(i: number): KubeObject {
  return {
    apiVersion: 'demo.orkestra.io/v1alpha1',
    kind: 'Website',
    metadata: { name: `site-${String(i)}`, namespace: `ns-${String(i % 10)}`, uid: `uid-${String(i)}` },
    spec: { image: `nginx:1.${String(20 + (i % 8))}`, replicas: 1 + (i % 5), port: 8080 },
  };
}

const crs = Array.from({ length: count }, (_, i) => website(i));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function once(): Promise<{ render: number; format: number; bytes: number }> {
  const t0 = performance.now();
  const report = await renderCustomResources({ plans, crs, now });
  const t1 = performance.now();
  const text = formatRenderReport(report);
  const t2 = performance.now();
  if (!report.ok) throw new Error(report.results.find((r) => r.error)?.error);
  return { render: t1 - t0, format: t2 - t1, bytes: text.length };
}

await once(); // warm-up
const samples: { render: number; format: number; bytes: number }[] = [];
for (let i = 0; i < runs; i++) samples.push(await once());
const render = median(samples.map((s) => s.render));
const format = median(samples.map((s) => s.format));
const perSecond = (ms: number): string => Math.round((count / ms) * 1000).toLocaleString('en');

console.log(
  `render: ${String(count)} Website CRs (Deployment + Service + status), median of ${String(runs)} runs`,
);
console.log(
  `  reconcile offline ${render.toFixed(0)} ms → ${perSecond(render)} CRs/s (${((render / count) * 1000).toFixed(0)} µs per CR)`,
);
console.log(
  `  + YAML output ${format.toFixed(0)} ms → ${perSecond(render + format)} CRs/s end to end, ${(samples[0]!.bytes / count).toFixed(0)} bytes per CR`,
);
console.log(`  RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
console.log('');
process.stdout.write(
  execFileSync(process.execPath, [`${root}bench/katalog-validate.ts`, '100'], { encoding: 'utf8' }),
);
