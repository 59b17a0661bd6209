// `ork run` idle: the resident memory of the real CLI process running 15 operators (--crds=N for
// another count), and its start-up time. Generates the CRDs and a Katalog of one entry each (each a Deployment and a Service),
// creates no custom resource, spawns `node bin/ork.js run -k <katalog>` and measures from outside:
//   - start-up: spawn → GET /ready answers 200 (polled every 5 ms); target ≤ 1 s;
//   - idle RSS: /proc/<pid>/status VmRSS after 5 s idle past /ready; target ≤ 60 MB;
//   - CPU seconds (/proc/<pid>/stat) at ready and after the idle wait, VmHWM, and what the
//     process's own /metrics says of its heap (scraped after the RSS is read);
//   - the start-up floor: a bare Node process listing and watching the same paths at once, spawn →
//     every watch open (lib/node-floor.ts measureStartFloor);
//   - the floors: a bare `node -e "setInterval(()=>{},1000)"` after the same 5 s, bare node's
//     spawn → exit time, and Node doing the operator's unavoidable I/O without Orkestra's code
//     (lib/node-floor.ts: the same lists and watches over one HTTP/2 session, an HTTP server, a
//     child process), so that Orkestra's own share of the RSS shows.
// Each start is measured RUNS times (default 3) in fresh processes; figures print, nothing asserts.
// Needs a cluster in KUBECONFIG (e.g. `ork dev up`) and a current build (`npm run build`).
// The CRDs are deleted at the end. Run:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/run-idle.ts [--runs=3] [--crds=15] [--no-floor]
// Experiments: --node-arg=<flag> (repeatable) passes a flag to the operator's node, e.g.
// --node-arg=--max-semi-space-size=1 or --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import { RESOURCES, crdOf, deleteAll, installCrds, percentile } from './lib/kube.ts';
import { measureNodeFloor, measureStartFloor, type FloorUsage } from './lib/node-floor.ts';
import { scrape, staleBuild, startOrk, stopOrk, waitReady } from './lib/ork.ts';
import { cpuSeconds, rssMb, statusMb } from './lib/proc.ts';
import { sumOf } from './lib/prometheus.ts';

const GROUP = 'runidle.bench.orkestra.dev';
const IDLE_MS = 5000;
const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const CRDS = Number(flag('crds') ?? 15);
const RUNS = Number(flag('runs') ?? 3);
const NODE_ARGS = process.argv.filter((a) => a.startsWith('--node-arg=')).map((a) => a.slice(11));

const names = (i: number) => ({ group: GROUP, kind: `Idle${i}`, plural: `idle${i}s` });

/** The Katalog: one entry per CRD, each keeping a Deployment and a Service. */
function katalogYaml(): string {
  const entries = Array.from({ length: CRDS }, (_, i) => {
    const n = names(i);
    return `    idle${i}:
      apiTypes: {group: ${n.group}, version: v1, kind: ${n.kind}, plural: ${n.plural}}
      operatorBox:
        onReconcile:
          deployments:
            - name: '{{ .metadata.name }}'
              image: '{{ .spec.image }}'
              replicas: 1
              port: 8080
          services:
            - name: '{{ .metadata.name }}'
              port: 80
              targetPort: 8080
`;
  });
  return `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-run-idle
spec:
  crds:
${entries.join('')}`;
}

interface StartSample {
  readyMs: number;
  cpuAtReady: number;
  rss: number;
  hwm: number;
  cpuIdle: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  requests: number;
  connections: number;
}

async function measureStart(katalog: string, kubeconfig: string, logFile: string): Promise<StartSample> {
  const ork = await startOrk({ katalog, kubeconfig, logFile, nodeArgs: NODE_ARGS });
  try {
    const readyMs = await waitReady(ork);
    const cpuAtReady = cpuSeconds(ork.pid);
    await delay(IDLE_MS);
    const rss = rssMb(ork.pid);
    const hwm = statusMb(ork.pid, 'VmHWM');
    const cpuIdle = cpuSeconds(ork.pid) - cpuAtReady;
    const metrics = await scrape(ork);
    const MB = 1024 * 1024;
    return {
      readyMs,
      cpuAtReady,
      rss,
      hwm,
      cpuIdle,
      heapUsed: sumOf(metrics, 'nodejs_heap_size_used_bytes') / MB,
      heapTotal: sumOf(metrics, 'nodejs_heap_size_total_bytes') / MB,
      external: sumOf(metrics, 'nodejs_external_memory_bytes') / MB,
      requests: sumOf(metrics, 'orkestra_api_requests_total'),
      connections: sumOf(metrics, 'orkestra_api_connections_opened_total'),
    };
  } finally {
    await stopOrk(ork);
  }
}

/** RSS of a bare node process that only keeps a timer, after the same idle time. */
async function bareNodeRss(): Promise<{ rss: number; spawnToExitMs: number }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' });
  await delay(IDLE_MS);
  const rss = rssMb(child.pid ?? 0);
  child.kill('SIGTERM');
  const start = performance.now();
  const exit = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => exit.on('exit', resolve));
  return { rss, spawnToExitMs: performance.now() - start };
}

const f = (n: number, digits = 1): string => n.toFixed(digits);

/** What `ork run` lists and watches for this Katalog: the CRDs, and its children's shared kinds. */
function watchedPaths(): string[] {
  const managed = `labelSelector=${encodeURIComponent('app.kubernetes.io/managed-by=orkestra')}`;
  const crds = Array.from({ length: CRDS }, (_, i) => `/apis/${GROUP}/v1/${names(i).plural}`);
  return [...crds, `/apis/apps/v1/deployments?${managed}`, `/api/v1/services?${managed}`];
}

function printFloor(floor: FloorUsage, orkRss: number): void {
  const MB = 1024 * 1024;
  console.log(
    `Node floor, no Orkestra code (${watchedPaths().length} lists and watches over one HTTP/2 session, an HTTP server, a child process): ${f(floor.rss / MB)} MB (anon ${f(floor.rssAnon / MB)}, file-backed ${f(floor.rssFile / MB)}); Orkestra's share: ${f(orkRss - floor.rss / MB)} MB`,
  );
}

function printSamples(samples: readonly StartSample[]): void {
  console.log(
    'run  ready ms  CPU s at ready  idle RSS MB  VmHWM MB  idle CPU s  heapUsed/heapTotal/external MB  API requests  connections',
  );
  samples.forEach((s, i) => {
    console.log(
      `${String(i + 1).padEnd(4)} ${f(s.readyMs, 0).padStart(8)}  ${f(s.cpuAtReady, 2).padStart(14)}  ${f(s.rss).padStart(11)}  ${f(s.hwm).padStart(8)}  ${f(s.cpuIdle, 2).padStart(10)}  ${`${f(s.heapUsed)} / ${f(s.heapTotal)} / ${f(s.external)}`.padStart(30)}  ${String(s.requests).padStart(12)}  ${String(s.connections).padStart(11)}`,
    );
  });
}

async function main(): Promise<void> {
  const stale = staleBuild();
  if (stale !== undefined && !process.argv.includes('--stale')) throw new Error(stale);
  const kubeconfig = process.env['KUBECONFIG'];
  if (!kubeconfig) throw new Error('KUBECONFIG is not set (eval "$(node bin/ork.js dev env)")');
  const cluster = await loadClusterConfig({ env: process.env });
  const client = createKubeClient(cluster);
  const dir = mkdtempSync(join(tmpdir(), 'ork-run-idle-'));
  const crds = Array.from({ length: CRDS }, (_, i) => crdOf(names(i)));
  try {
    await installCrds(client, crds);
    const katalog = join(dir, 'katalog.yaml');
    writeFileSync(katalog, katalogYaml());
    const floor = await bareNodeRss();
    // The floor keeps every watch on one HTTP/2 session, so it cannot hold more watches than the
    // server's stream limit (kube-apiserver: 100 by default): --no-floor skips it for many CRDs.
    const nodeFloor = process.argv.includes('--no-floor')
      ? undefined
      : await measureNodeFloor({
          cluster,
          paths: watchedPaths(),
          httpServer: true,
          childProcess: true,
          idleMs: IDLE_MS,
          settle: true,
        });
    // The API server builds a new CRD's handler and watch cache on its first request: one warm-up pass
    // of the floor's lists and watches, discarded, so that the first sample does not pay for that alone.
    await measureStartFloor(cluster, watchedPaths());
    const samples: StartSample[] = [];
    for (let i = 0; i < RUNS; i++)
      samples.push(await measureStart(katalog, kubeconfig, join(dir, `ork-${i}.log`)));
    console.log(
      `ork run, ${CRDS} CRDs (Deployment + Service each), no custom resources; node ${process.version}${NODE_ARGS.length > 0 ? `, node flags: ${NODE_ARGS.join(' ')}` : ''}\n`,
    );
    printSamples(samples);
    const median = (pick: (s: StartSample) => number): number => percentile(samples.map(pick), 0.5);
    console.log(
      `\nstart-up to /ready (median of ${RUNS}): ${f(
        median((s) => s.readyMs),
        0,
      )} ms (target ≤ 1000); bare node spawn → exit: ${f(floor.spawnToExitMs, 0)} ms`,
    );
    console.log(
      `idle RSS after ${IDLE_MS / 1000} s (median): ${f(median((s) => s.rss))} MB (target ≤ 60); bare node with a timer: ${f(floor.rss)} MB`,
    );
    const startFloor: number[] = [];
    for (let i = 0; i < RUNS; i++) startFloor.push(await measureStartFloor(cluster, watchedPaths()));
    console.log(
      `start-up floor, bare Node listing and watching the same ${watchedPaths().length} paths at once (no Katalog, no Orkestra; spawn → every watch open, median of ${RUNS}): ${f(percentile(startFloor, 0.5), 0)} ms`,
    );
    if (nodeFloor !== undefined)
      printFloor(
        nodeFloor,
        median((s) => s.rss),
      );
  } finally {
    await deleteAll(
      client,
      RESOURCES.crds,
      crds.map((c) => c.metadata?.name ?? ''),
    );
    await client.transport.close();
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`logs and Katalog kept in ${dir}`);
  }
}

await main();
