// The Control Center under watch: the UI server's (`ork control start`) RSS and CPU while --pages (10)
// browser pages watch --count (1,000) CRs update, half on the overview, half on the operator's CR list
// (the busiest view: a `cr` event per change). One `ork run` with one box (a Ticket keeps a ConfigMap),
// one Chromium (Debian's) with a context of its own per page (a user each); phases:
//   - idle, no page: the UI server's floor;
//   - the pages open, 10 s idle: the streams' cost at rest (Katalog ticks, pings);
//   - every Ticket's spec changed at once, until every status shows the new generation.
// For each: wall time, the UI server's CPU (/proc/<pid>/stat) and RSS, and the runtime's CPU beside it.
// Figures print, nothing asserts. Needs a cluster in KUBECONFIG, a current build and Chromium:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/control/ui-watch.ts [--count=1000] [--pages=10]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { launchUsers } from '../../test/harness/browser.ts';
import { freePort, ROOT } from '../lib/ork.ts';
import { cpuSeconds, rssMb } from '../lib/proc.ts';
import { flag, startTickets } from '../lib/tickets.ts';

const COUNT = Number(flag('count') ?? 1000);
const PAGES = Number(flag('pages') ?? 10);
const IDLE_MS = 10_000;

/** Starts `ork control start` on a free port for the runtime at `runtimePort`. */
async function startControl(runtimePort: number): Promise<{ pid: number; url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(
    join(ROOT, 'bin', 'ork.js'),
    ['control', 'start', '--port', String(port), '--runtime', `http://127.0.0.1:${runtimePort}`],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if ((await fetch(`${url}/assets/app.css`).catch(() => undefined))?.status === 200) break;
    await delay(100);
  }
  return { pid: child.pid ?? 0, url, stop: () => child.kill('SIGTERM') };
}

interface Row {
  phase: string;
  wallS: number;
  uiCpuS: number;
  uiRssMb: number;
  runtimeCpuS: number;
}

async function measure(
  phase: string,
  pids: { ui: number; runtime: number },
  work: () => Promise<void>,
): Promise<Row> {
  const ui0 = cpuSeconds(pids.ui);
  const rt0 = cpuSeconds(pids.runtime);
  const t0 = performance.now();
  await work();
  return {
    phase,
    wallS: (performance.now() - t0) / 1000,
    uiCpuS: cpuSeconds(pids.ui) - ui0,
    uiRssMb: rssMb(pids.ui),
    runtimeCpuS: cpuSeconds(pids.runtime) - rt0,
  };
}

const tickets = await startTickets('control-ui', COUNT);
// one context per page: separate users, as a browser holds at most 6 connections to one host
const browser = await launchUsers(PAGES);
let control: Awaited<ReturnType<typeof startControl>> | undefined;
try {
  control = await startControl(tickets.ork.port);
  const pids = { ui: control.pid, runtime: tickets.ork.pid };
  const url = control.url;
  const rows = [await measure('idle, no page', pids, () => delay(IDLE_MS))];
  rows.push(
    await measure(`${PAGES} pages open, then idle`, pids, async () => {
      for (let i = 0; i < PAGES; i++) {
        const page = await browser.contexts[i]!.newPage();
        await page.goto(i % 2 === 0 ? `${url}/` : `${url}/#/r/0/op/ticket`);
      }
      await delay(IDLE_MS);
    }),
  );
  rows.push(
    await measure(`${COUNT} CRs updated, ${PAGES} pages`, pids, async () => {
      await tickets.updateAll('r1');
    }),
  );
  console.log(
    `The Control Center's server while ${PAGES} pages (one Chromium, a context each) watch ${COUNT} Tickets:`,
  );
  console.log('| phase | wall s | UI server CPU s | UI server RSS MB | runtime CPU s |');
  console.log('|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.phase} | ${r.wallS.toFixed(1)} | ${r.uiCpuS.toFixed(2)} | ${r.uiRssMb.toFixed(1)} | ${r.runtimeCpuS.toFixed(2)} |`,
    );
} finally {
  control?.stop();
  await browser.close();
  await tickets.close();
}
