// Leader election failover: two `ork run --leader-elect` replicas of one Katalog (default timings:
// lease 15 s, renew deadline 10 s, retry 2 s), the leader stopped by SIGTERM (it releases the Lease)
// or SIGKILL (the follower waits for the lease to run out), `--rounds=N` times each (default 10). Per
// round, from the signal: when the follower says it leads (its /katalog, polled every 10 ms: the
// Lease acquired), and its first write (a CR created at the signal gets its ConfigMap; the follower's
// orkestra_api_writes_total turns non-zero). After each round a new replica replaces the stopped one.
// Before the rounds: the idle overhead of a warm follower, RSS and CPU of each replica over 10 s idle
// with 100 CRs cached. Prints p50 and max; asserts nothing. Targets: SIGTERM < 2 s, SIGKILL ≤ 17 s,
// follower idle RSS within 10 % of the leader's.
// Needs a cluster in KUBECONFIG and a current build. Run:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/failover.ts [--rounds=10]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubeClient, loadClusterConfig, type KubeClient } from '../src/kube/index.ts';
import { RESOURCES, crdOf, deleteAll, ensureNamespaces, percentile, runPool } from './lib/kube.ts';
import { scrape, staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './lib/ork.ts';
import { cpuSeconds, rssMb } from './lib/proc.ts';
import { sumOf } from './lib/prometheus.ts';

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROUNDS = Number(flag('rounds') ?? 10);
const NAMES = { group: 'failover.bench.orkestra.dev', kind: 'Fo', plural: 'fos' };
const NS = 'bench-failover';
const CRS = { group: NAMES.group, version: 'v1', resource: NAMES.plural, namespaced: true };
const IDLE_MS = 10_000;

const stale = staleBuild();
if (stale !== undefined && !process.argv.includes('--stale')) {
  console.error(stale);
  process.exit(1);
}
const kubeconfig = process.env.KUBECONFIG ?? '';
const client = createKubeClient(await loadClusterConfig({ env: process.env }));
const dir = mkdtempSync(join(tmpdir(), 'bench-failover-'));
const katalog = join(dir, 'katalog.yaml');
writeFileSync(
  katalog,
  `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-failover
spec:
  crds:
    fo:
      apiTypes: {group: ${NAMES.group}, version: v1, kind: ${NAMES.kind}, plural: ${NAMES.plural}}
      operatorBox:
        onReconcile:
          configMaps:
            - name: '{{ .metadata.name }}'
              data: {owner: '{{ .metadata.name }}'}
`,
);

let started = 0;
async function replica(): Promise<OrkProcess> {
  const ork = await startOrk({
    katalog,
    kubeconfig,
    logFile: join(dir, `ork-${started++}.log`),
    orkArgs: ['--leader-elect', '-n', NS],
  });
  await waitReady(ork);
  return ork;
}

async function isLeader(ork: OrkProcess): Promise<boolean> {
  try {
    const body = (await (await fetch(`http://127.0.0.1:${ork.port}/katalog`)).json()) as {
      leader?: { isLeader?: boolean };
    };
    return body.leader?.isLeader === true;
  } catch {
    return false;
  }
}

async function leaderOf(pair: OrkProcess[]): Promise<{ leader: OrkProcess; follower: OrkProcess }> {
  for (;;) {
    const [a, b] = pair as [OrkProcess, OrkProcess];
    const [la, lb] = [await isLeader(a), await isLeader(b)];
    if (la !== lb) return la ? { leader: a, follower: b } : { leader: b, follower: a };
    await delay(50);
  }
}

async function createCr(c: KubeClient, name: string): Promise<void> {
  const cr = {
    apiVersion: `${NAMES.group}/v1`,
    kind: NAMES.kind,
    metadata: { name, namespace: NS },
    spec: {},
  };
  await c.create(CRS, cr);
}

/** One failover: ms from the signal to the follower leading, and to its first write. */
async function failover(
  pair: OrkProcess[],
  signal: 'SIGTERM' | 'SIGKILL',
  round: number,
): Promise<{ leadMs: number; writeMs: number; next: OrkProcess[] }> {
  const { leader, follower } = await leaderOf(pair);
  const t0 = performance.now();
  leader.child.kill(signal);
  void createCr(client, `${signal.toLowerCase()}-${round}`);
  let leadMs = -1;
  let writeMs = -1;
  while (leadMs < 0 || writeMs < 0) {
    if (leadMs < 0 && (await isLeader(follower))) leadMs = performance.now() - t0;
    if (writeMs < 0 && sumOf(await scrape(follower), 'orkestra_api_writes_total') > 0)
      writeMs = performance.now() - t0;
    if (performance.now() - t0 > 60_000) throw new Error(`no failover within 60 s (${signal})`);
    await delay(10);
  }
  await leader.exited;
  return { leadMs, writeMs, next: [follower, await replica()] };
}

async function idleOverhead(pair: OrkProcess[]): Promise<void> {
  const { leader, follower } = await leaderOf(pair);
  await runPool(100, 10, (i) => createCr(client, `idle-${i}`));
  await delay(5_000);
  const cpu0 = [cpuSeconds(leader.pid), cpuSeconds(follower.pid)];
  await delay(IDLE_MS);
  const cpu = [cpuSeconds(leader.pid) - (cpu0[0] ?? 0), cpuSeconds(follower.pid) - (cpu0[1] ?? 0)];
  const rss = [rssMb(leader.pid), rssMb(follower.pid)];
  const pct = (f: number, l: number) => `${(((f - l) / l) * 100).toFixed(1)} %`;
  console.log(`idle, 100 CRs cached, ${IDLE_MS / 1000} s:`);
  console.log(`  leader   RSS ${rss[0]?.toFixed(1)} MB  CPU ${((cpu[0] ?? 0) * 1000).toFixed(0)} ms`);
  console.log(
    `  follower RSS ${rss[1]?.toFixed(1)} MB  CPU ${((cpu[1] ?? 0) * 1000).toFixed(0)} ms  (RSS ${pct(rss[1] ?? 0, rss[0] ?? 1)} vs leader)`,
  );
}

function summary(what: string, samples: readonly number[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `${what}: p50 ${s(percentile(samples, 0.5))}, max ${s(Math.max(...samples))} (${samples.length} rounds)`;
}

await client.apply(RESOURCES.crds, crdOf(NAMES), { force: true, fieldManager: 'orkestra-bench' });
await delay(1_000);
await ensureNamespaces(client, [NS]);
let pair = [await replica(), await replica()];
try {
  await idleOverhead(pair);
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    const lead: number[] = [];
    const write: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const r = await failover(pair, signal, round);
      lead.push(r.leadMs);
      write.push(r.writeMs);
      pair = r.next;
      console.log(
        `  ${signal} round ${round + 1}: leads at ${r.leadMs.toFixed(0)} ms, first write at ${r.writeMs.toFixed(0)} ms`,
      );
    }
    console.log(summary(`${signal} → new leader`, lead));
    console.log(summary(`${signal} → its first write`, write));
  }
} finally {
  for (const ork of pair) await stopOrk(ork);
  const list = await client.list(CRS, { namespace: NS });
  for (const cr of list.items)
    await client.patch(CRS, cr.metadata?.name ?? '', {
      namespace: NS,
      patch: { metadata: { finalizers: null } },
    });
  await deleteAll(client, RESOURCES.crds, [`${NAMES.plural}.${NAMES.group}`]);
  await deleteAll(client, RESOURCES.namespaces, [NS]);
  rmSync(dir, { recursive: true, force: true });
  await client.transport.close();
}
