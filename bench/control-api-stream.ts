// The Control Center's event stream (`GET /katalog/stream`): the runtime's extra CPU while it serves N
// stream clients and its CRs change, against none. One `ork run` with one box (a Ticket keeps a
// ConfigMap), --count Tickets (1,000) created and converged; then for 0 clients and for --clients (10):
//   - every Ticket's spec changed at once, until every status shows the new generation: wall time,
//     the operator's CPU (/proc/<pid>/stat) and the events each client received;
//   - 10 s idle with the clients connected: CPU (the 1 s Katalog ticks, the 15 s pings);
// and the operator's RSS after each phase. Figures print, nothing asserts.
// Needs a cluster in KUBECONFIG and a current build (`npm run build`). Run it on a quiet machine:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/control-api-stream.ts [--count=1000] [--clients=10]
import { setTimeout as delay } from 'node:timers/promises';
import type { OrkProcess } from './lib/ork.ts';
import { cpuSeconds, rssMb } from './lib/proc.ts';
import { flag, startTickets } from './lib/tickets.ts';

const COUNT = Number(flag('count') ?? 1000);
const CLIENTS = Number(flag('clients') ?? 10);
const IDLE_MS = 10_000;

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

interface Phase {
  clients: number;
  updateS: number;
  updateCpuS: number;
  idleCpuS: number;
  eventsPerClient: number;
  rssMb: number;
}

async function phase(clients: number, rev: string): Promise<Phase> {
  const stop = new AbortController();
  const readers = Array.from({ length: clients }, () => streamClient(tickets.ork, stop.signal));
  await delay(1000);
  const cpu0 = cpuSeconds(tickets.ork.pid);
  const t0 = performance.now();
  await tickets.updateAll(rev);
  const updateS = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds(tickets.ork.pid);
  await delay(IDLE_MS);
  const idleCpuS = cpuSeconds(tickets.ork.pid) - cpu1;
  const events = readers.reduce((sum, r) => sum + r.events(), 0);
  stop.abort();
  return {
    clients,
    updateS,
    updateCpuS: cpu1 - cpu0,
    idleCpuS,
    eventsPerClient: clients === 0 ? 0 : events / clients,
    rssMb: rssMb(tickets.ork.pid),
  };
}

const tickets = await startTickets('control-api', COUNT);
try {
  const phases = [await phase(0, 'r1'), await phase(CLIENTS, 'r2'), await phase(0, 'r3')];
  console.log(`${COUNT} Tickets updated at once, then ${IDLE_MS / 1000} s idle, with N stream clients:`);
  console.log('| clients | update wall s | update CPU s | idle CPU ms | events per client | RSS MB |');
  console.log('|---|---|---|---|---|---|');
  for (const p of phases) {
    console.log(
      `| ${p.clients} | ${p.updateS.toFixed(2)} | ${p.updateCpuS.toFixed(2)} | ${(p.idleCpuS * 1000).toFixed(0)} | ${p.eventsPerClient.toFixed(0)} | ${p.rssMb.toFixed(1)} |`,
    );
  }
} finally {
  await tickets.close();
}
