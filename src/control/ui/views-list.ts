/**
 * The overview (every runtime's operators: health, leader, workers, queue, reconcile and error rates
 * as sparklines) and an operator's CRs (Ready, age, last error, filterable), both live.
 */
import type { CrItem, KatalogSummary, OperatorSummary } from '../api-types.ts';
import { api } from './api.ts';
import type { Context, View } from './context.ts';
import { age, badge, h, table } from './dom.ts';
import { round, sparkline, type Series } from './sparkline.ts';

const enc = encodeURIComponent;

function leaderText(katalog: KatalogSummary): string {
  const leader = katalog.leader;
  if (leader === undefined || !leader.enabled) return 'Leader: this process (no leader election)';
  return leader.isLeader
    ? `Leader: this replica (${leader.identity ?? '?'})`
    : `Standby; leader: ${leader.holder ?? '?'}`;
}

function operatorRow(op: OperatorSummary, runtime: number, series: Series): HTMLElement {
  const s = series.get(`${runtime}/${op.crd}`);
  const busy = op.stats === undefined ? '' : `${op.stats.workersBusy}/`;
  return h(
    'tr',
    { 'data-crd': op.crd },
    h(
      'th',
      { scope: 'row' },
      h('a', { href: `#/r/${runtime}/op/${enc(op.crd)}` }, op.kind),
      ' ',
      h('small', {}, `${op.plural}.${op.group}`),
    ),
    h('td', {}, badge(op.health.status)),
    h('td', {}, `${busy}${op.workers}`),
    h(
      'td',
      {},
      op.stats === undefined ? '–' : String(op.stats.queueDepth),
      ' ',
      sparkline(s.queue, 'queue depth'),
    ),
    h('td', {}, round(s.rate.at(-1) ?? 0), ' ', sparkline(s.rate, 'reconciles per second', '/s')),
    h('td', {}, round(s.errors.at(-1) ?? 0), ' ', sparkline(s.errors, 'errors per second', '/s')),
    h('td', {}, op.managedObjects),
    h('td', { class: 'reasons' }, op.health.reasons.join('; ')),
  );
}

function runtimeSection(katalog: KatalogSummary, runtime: number, series: Series): HTMLElement {
  const headers = ['Operator', 'Health', 'Workers', 'Queue', 'Reconciles/s', 'Errors/s', 'CRs', 'Why'];
  const rows = katalog.crds.map((op) => operatorRow(op, runtime, series));
  const links = h('p', {}, h('a', { href: `#/r/${runtime}/source` }, 'Katalog source and diagnostics'));
  return h(
    'section',
    { class: 'runtime', 'data-runtime': String(runtime) },
    h('h2', {}, 'Katalog ', h('code', {}, katalog.name)),
    h('p', { class: 'leader' }, leaderText(katalog)),
    links,
    table(`Operators of ${katalog.name}`, headers, rows),
  );
}

function record(series: Series, runtime: number, katalog: KatalogSummary): void {
  for (const op of katalog.crds) if (op.stats) series.add(`${runtime}/${op.crd}`, op.stats);
}

/** `#/`: every runtime's operators. */
export const overviewView: View = async (ctx: Context) => {
  ctx.main.replaceChildren(h('h1', {}, 'Operators'));
  const sections: HTMLElement[] = [];
  for (let r = 0; r < ctx.runtimes; r++) {
    const katalog = await api<KatalogSummary>(r, 'katalog').catch((e: unknown) => e as Error);
    const section =
      katalog instanceof Error
        ? h('p', { class: 'error', role: 'alert' }, `Runtime ${r}: ${katalog.message}`)
        : runtimeSection(katalog, r, ctx.series);
    sections.push(section);
    ctx.main.append(section);
    ctx.live.open(r);
  }
  return ctx.live.listen((runtime, type, data) => {
    if (type !== 'katalog') return;
    const katalog = data as KatalogSummary;
    record(ctx.series, runtime, katalog);
    const fresh = runtimeSection(katalog, runtime, ctx.series);
    sections[runtime]?.replaceWith(fresh);
    sections[runtime] = fresh;
  });
};

function crKey(item: CrItem): string {
  return `${item.namespace ?? ''}/${item.name}`;
}

function crRow(item: CrItem, runtime: number, crd: string): HTMLElement {
  const href = `#/r/${runtime}/cr/${enc(crd)}/${enc(item.namespace ?? '_')}/${enc(item.name)}`;
  const ready = item.ready === 'True' ? 'ready' : item.ready === 'False' ? 'error' : 'progressing';
  return h(
    'tr',
    { 'data-cr': crKey(item) },
    h('th', { scope: 'row' }, h('a', { href }, item.name)),
    h('td', {}, item.namespace ?? '–'),
    h('td', {}, badge(ready, item.ready ?? 'Unknown')),
    h('td', {}, age(item.createdAt)),
    h('td', { class: 'reasons' }, item.lastError ?? ''),
  );
}

function crTable(
  items: Iterable<CrItem>,
  words: string,
  where: { runtime: number; crd: string; total: number },
): HTMLElement {
  const shown = [...items]
    .filter((i) => words === '' || `${crKey(i)} ${i.lastError ?? ''}`.toLowerCase().includes(words))
    .sort((a, b) => crKey(a).localeCompare(crKey(b)));
  const caption = `${shown.length} of ${where.total} ${where.crd} resources`;
  const headers = ['Name', 'Namespace', 'Ready', 'Age', 'Last error'];
  return table(
    caption,
    headers,
    shown.map((i) => crRow(i, where.runtime, where.crd)),
  );
}

/** `#/r/{runtime}/op/{crd}`: an operator's CRs, filterable, live. */
export const operatorView: View = async (ctx, [runtimeText = '0', crd = '']) => {
  const runtime = Number(runtimeText);
  const { items } = await api<{ items: CrItem[] }>(runtime, `katalog/${enc(crd)}/cr`);
  const byKey = new Map(items.map((i) => [crKey(i), i]));
  const filter = h('input', { id: 'cr-filter', type: 'search', placeholder: 'name, namespace or error' });
  const body = h('div', { class: 'crs' });
  const draw = (): void => {
    body.replaceChildren(
      crTable(byKey.values(), filter.value.trim().toLowerCase(), { runtime, crd, total: byKey.size }),
    );
  };
  filter.addEventListener('input', draw);
  const nav = h(
    'p',
    {},
    h('a', { href: '#/' }, '← Overview'),
    ' · ',
    h('a', { href: `#/r/${runtime}/source` }, 'Katalog source'),
  );
  ctx.main.replaceChildren(
    h('h1', {}, `Operator ${crd}`),
    nav,
    h('label', { for: 'cr-filter' }, 'Filter '),
    filter,
    body,
  );
  draw();
  ctx.live.open(runtime);
  return ctx.live.listen((r, type, data) => {
    const event = data as { crd: string; type: string; item: CrItem };
    if (r !== runtime || type !== 'cr' || event.crd !== crd) return;
    if (event.type === 'delete') byKey.delete(crKey(event.item));
    else byKey.set(crKey(event.item), event.item);
    draw();
  });
};
