// The Control Center's event stream (`GET /katalog/stream`): the runtime's extra CPU while it serves N
// stream clients and its CRs change, against none. One `ork run` with one box (a Ticket keeps a
// ConfigMap), --count Tickets (1,000) created and converged; then for 0 clients and for --clients (10):
//   - every Ticket's spec changed at once, until every status shows the new generation: wall time,
//     the operator's CPU (/proc/<pid>/stat) and the events each client received;
//   - 10 s idle with the clients connected: CPU (the 1 s Katalog ticks, the 15 s pings);
// and the operator's RSS after each phase. Figures print, nothing asserts.
// Needs a cluster in KUBECONFIG and a current build (`npm run build`). Run it on a quiet machine:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/control-api-stream.ts [--count=1000] [--clients=10]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubeClient, loadClusterConfig, type GroupVersionResource } from '../src/kube/index.ts';
import { crdOf, deleteAll, ensureNamespaces, installCrds, RESOURCES, runPool } from './lib/kube.ts';
import { staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './lib/ork.ts';
import { cpuSeconds, rssMb } from './lib/proc.ts';

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = Number(flag('count') ?? 1000);
const CLIENTS = Number(flag('clients') ?? 10);
const IDLE_MS = 10_000;
const NS = 'bench-control-api';
const NAMES = { group: 'controlapi.bench.orkestra.dev', kind: 'Ticket', plural: 'tickets' };
const TICKETS: GroupVersionResource = {
  group: NAMES.group,
  version: 'v1',
  resource: NAMES.plural,
  namespaced: true,
};

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-control-api
spec:
  crds:
    ticket:
      apiTypes: {group: ${NAMES.group}, version: v1, kind: Ticket, plural: tickets}
      namespaces: [${NS}]
      workers: 4
      operatorBox:
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}"
              data: {rev: "{{ .spec.rev }}"}
`;

const stale = staleBuild();
if (stale !== undefined) {
  console.error(stale);
  process.exit(1);
}
const config = await loadClusterConfig({ env: process.env });
const client = createKubeClient(config, { version: 'bench' });
const kubeconfig = process.env['KUBECONFIG'] ?? '';
const name = (i: number): string => `t-${String(i).padStart(5, '0')}`;

/** A stream client counting the events it receives, until `signal` aborts. */
function streamClient(ork: OrkProcess, signal: AbortSignal): { events: () => number } {
  let events = 0;
  void (async () => {
    const res = await fetch(`http://127.0.0.1:${ork.port}/katalog/stream`, { signal });
    const decoder = new TextDecoder();
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      events += decoder.decode(chunk, { stream: true }).split('\nevent: ').length - 1;
    }
  })().catch(() => undefined);
  return { events: () => events };
}

/** Waits until every Ticket's status shows its latest generation at `rev`. */
async function converged(rev: string): Promise<void> {
  for (;;) {
    const list = await client.list(TICKETS, { namespace: NS });
    const done = list.items.filter((t) => {
      const status = t['status'] as { observedGeneration?: number } | undefined;
      return (
        (t['spec'] as { rev?: string }).rev === rev && status?.observedGeneration === t.metadata?.generation
      );
    });
    if (done.length === COUNT) return;
    await delay(250);
  }
}

interface Phase {
  clients: number;
  updateS: number;
  updateCpuS: number;
  idleCpuS: number;
  eventsPerClient: number;
  rssMb: number;
}

async function phase(ork: OrkProcess, clients: number, rev: string): Promise<Phase> {
  const stop = new AbortController();
  const readers = Array.from({ length: clients }, () => streamClient(ork, stop.signal));
  await delay(1000);
  const cpu0 = cpuSeconds(ork.pid);
  const t0 = performance.now();
  await runPool(COUNT, 50, (i) =>
    client.patch(TICKETS, name(i), { namespace: NS, patch: { spec: { rev } } }),
  );
  await converged(rev);
  const updateS = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds(ork.pid);
  await delay(IDLE_MS);
  const idleCpuS = cpuSeconds(ork.pid) - cpu1;
  const events = readers.reduce((sum, r) => sum + r.events(), 0);
  stop.abort();
  return {
    clients,
    updateS,
    updateCpuS: cpu1 - cpu0,
    idleCpuS,
    eventsPerClient: clients === 0 ? 0 : events / clients,
    rssMb: rssMb(ork.pid),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ork-bench-control-'));
const katalog = join(dir, 'katalog.yaml');
writeFileSync(katalog, KATALOG);
await installCrds(client, [crdOf(NAMES)]);
await ensureNamespaces(client, [NS]);
const ork = await startOrk({ katalog, kubeconfig, logFile: join(dir, 'ork.log') });
try {
  await waitReady(ork);
  await runPool(COUNT, 50, (i) =>
    client.create(TICKETS, {
      apiVersion: `${NAMES.group}/v1`,
      kind: 'Ticket',
      metadata: { name: name(i), namespace: NS },
      spec: { rev: 'r0' },
    }),
  );
  await converged('r0');
  const phases = [await phase(ork, 0, 'r1'), await phase(ork, CLIENTS, 'r2'), await phase(ork, 0, 'r3')];
  console.log(`${COUNT} Tickets updated at once, then ${IDLE_MS / 1000} s idle, with N stream clients:`);
  console.log('| clients | update wall s | update CPU s | idle CPU ms | events per client | RSS MB |');
  console.log('|---|---|---|---|---|---|');
  for (const p of phases) {
    console.log(
      `| ${p.clients} | ${p.updateS.toFixed(2)} | ${p.updateCpuS.toFixed(2)} | ${(p.idleCpuS * 1000).toFixed(0)} | ${p.eventsPerClient.toFixed(0)} | ${p.rssMb.toFixed(1)} |`,
    );
  }
} finally {
  await stopOrk(ork);
  // the operator is gone: release its finalizers, or the namespace would never go
  const left = await client.list(TICKETS, { namespace: NS });
  for (const t of left.items) {
    await client.patch(TICKETS, t.metadata?.name ?? '', {
      namespace: NS,
      patch: { metadata: { finalizers: null } },
    });
  }
  await deleteAll(client, RESOURCES.namespaces, [NS]);
  await deleteAll(client, RESOURCES.crds, [`${NAMES.plural}.${NAMES.group}`]);
  rmSync(dir, { recursive: true, force: true });
  await client.transport.close();
}
