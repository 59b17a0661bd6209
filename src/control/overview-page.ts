/**
 * The overview as HTML rendered on the server: every runtime's operators with their health, leader,
 * workers and queue, readable with JavaScript off. The script, when it runs, takes over `<main>` and
 * keeps it live; the markup (classes, the table) is the one the script renders too.
 */
import type { KatalogSummary, OperatorSummary } from './api-types.ts';

/** What one runtime answered on `/katalog`, or why it did not. */
export interface RuntimeSnapshot {
  url: string;
  katalog?: KatalogSummary;
  error?: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The whole overview page. */
export function overviewPage(snapshots: readonly RuntimeSnapshot[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="ork-runtimes" content="${snapshots.length}">
<title>Orkestra Control Center</title>
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<a class="skip" href="#app">Skip to content</a>
<header class="top">
<a class="brand" href="/#/">Orkestra <span>Control Center</span></a>
<nav aria-label="Main"><a href="/#/">Overview</a></nav>
</header>
<main id="app" tabindex="-1">
<h1>Operators</h1>
${snapshots.map((s, i) => runtimeSection(s, i)).join('\n')}
</main>
</body>
</html>
`;
}

function runtimeSection(snapshot: RuntimeSnapshot, index: number): string {
  const { katalog } = snapshot;
  if (katalog === undefined)
    return `<section class="runtime"><h2>${escapeHtml(snapshot.url)}</h2>
<p class="error" role="alert">Unreachable: ${escapeHtml(snapshot.error ?? 'no answer')}</p></section>`;
  return `<section class="runtime" data-runtime="${index}">
<h2>Katalog <code>${escapeHtml(katalog.name)}</code> <small>${escapeHtml(snapshot.url)}</small></h2>
<p class="leader">${escapeHtml(leaderLine(katalog))}</p>
<table class="operators">
<caption>Operators of ${escapeHtml(katalog.name)}</caption>
<thead><tr><th scope="col">Operator</th><th scope="col">Health</th><th scope="col">Workers</th><th scope="col">Queue</th><th scope="col">CRs</th><th scope="col">Why</th></tr></thead>
<tbody>
${katalog.crds.map((op) => operatorRow(op, index)).join('\n')}
</tbody>
</table>
</section>`;
}

/** Who leads, in words. */
export function leaderLine(katalog: KatalogSummary): string {
  const leader = katalog.leader;
  if (leader === undefined || !leader.enabled) return 'Leader: this process (no leader election)';
  if (leader.isLeader) return `Leader: this replica (${leader.identity ?? 'unknown'})`;
  return `Standby; leader: ${leader.holder ?? 'none yet'}`;
}

function operatorRow(op: OperatorSummary, runtime: number): string {
  const href = `/#/r/${runtime}/op/${encodeURIComponent(op.crd)}`;
  const busy = op.stats === undefined ? '' : `${op.stats.workersBusy}/`;
  const queue = op.stats === undefined ? '–' : String(op.stats.queueDepth);
  return `<tr data-crd="${escapeHtml(op.crd)}">
<th scope="row"><a href="${href}">${escapeHtml(op.kind)}</a> <small>${escapeHtml(`${op.plural}.${op.group}`)}</small></th>
<td><span class="health health-${escapeHtml(op.health.status)}">${escapeHtml(op.health.status)}</span></td>
<td>${busy}${op.workers}</td>
<td>${queue}</td>
<td>${op.managedObjects}</td>
<td class="reasons">${escapeHtml(op.health.reasons.join('; '))}</td>
</tr>`;
}
