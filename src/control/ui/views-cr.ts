/**
 * One CR (its children as a tree with their states, drift and prune marks; its conditions and events),
 * the render preview (edit the spec, see what a reconcile would apply and the diff against live), and
 * the Katalog source with its diagnostics.
 */
import type { ChildView, CrDetail, KatalogSource, RenderResult } from '../api-types.ts';
import { api } from './api.ts';
import type { View } from './context.ts';
import { age, badge, h, table } from './dom.ts';

const enc = encodeURIComponent;

/** A child as the detail gives it: the ChildView of newer runtimes, a plain object of older ones. */
function childOf(raw: unknown): ChildView {
  const c = raw as Partial<ChildView> & { metadata?: { name?: string; namespace?: string } };
  if (typeof c.state === 'string') return c as ChildView;
  return {
    apiVersion: c.apiVersion ?? '',
    kind: c.kind ?? '',
    name: c.metadata?.name ?? '',
    namespace: c.metadata?.namespace,
    state: 'ready',
  };
}

function childItem(child: ChildView): HTMLElement {
  const marks = [
    child.drift === true ? badge('drift', 'drift') : undefined,
    child.state === 'prune' ? badge('prune', 'will be pruned') : undefined,
  ];
  return h(
    'li',
    { 'data-child': `${child.kind}/${child.name}`, 'data-state': child.state },
    h('code', {}, `${child.kind}/${child.name}`),
    ' ',
    badge(child.state),
    ' ',
    ...marks,
    child.summary === undefined ? undefined : h('small', {}, ` ${child.summary}`),
  );
}

function lastReconcileLine(detail: CrDetail): HTMLElement {
  const last = detail.lastReconcile;
  if (last === undefined) return h('p', {}, 'No reconcile recorded yet.');
  const error = last.error === undefined ? undefined : h('span', { class: 'reasons' }, ` ${last.error}`);
  return h(
    'p',
    {},
    `Last reconcile ${age(last.at)} ago (${last.durationMs} ms): `,
    badge(last.result),
    error,
  );
}

function childTree(detail: CrDetail, crd: string): HTMLElement {
  if (detail.children.length === 0) return h('p', {}, 'No children.');
  const children = h('ul', {}, ...detail.children.map((c) => childItem(childOf(c))));
  const root = h('li', {}, h('strong', {}, `${crd}/${detail.object.metadata?.name ?? ''}`), children);
  return h('ul', { class: 'tree', 'aria-label': 'Children' }, root);
}

function conditionsTable(detail: CrDetail): HTMLElement {
  const rows = (detail.conditions ?? []).map((c) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, c.type),
      h('td', {}, c.status),
      h('td', {}, c.reason ?? ''),
      h('td', {}, c.message ?? ''),
    ),
  );
  return table('Conditions', ['Type', 'Status', 'Reason', 'Message'], rows);
}

function eventsTable(detail: CrDetail): HTMLElement {
  const rows = detail.events.map((e) =>
    h(
      'tr',
      {},
      h('td', {}, badge(e.type === 'Warning' ? 'error' : 'ready', e.type)),
      h('td', {}, e.reason),
      h('td', {}, e.message),
      h('td', {}, e.count),
      h('td', {}, age(e.lastTimestamp)),
    ),
  );
  return table('Recent events', ['Type', 'Reason', 'Message', 'Count', 'Last'], rows);
}

function detailBody(detail: CrDetail, crd: string): HTMLElement[] {
  return [
    lastReconcileLine(detail),
    h('h2', {}, 'Children'),
    childTree(detail, crd),
    h('h2', {}, 'Conditions'),
    conditionsTable(detail),
    h('h2', {}, 'Events'),
    eventsTable(detail),
  ];
}

function crPath(crd: string, ns: string, name: string): string {
  return `katalog/${enc(crd)}/cr/${enc(ns)}/${enc(name)}`;
}

/** `#/r/{runtime}/cr/{crd}/{ns or _}/{name}`: one CR, refetched when its children change. */
export const crView: View = async (ctx, [runtimeText = '0', crd = '', ns = '_', name = '']) => {
  const runtime = Number(runtimeText);
  const body = h('div', { class: 'detail', 'aria-live': 'polite' });
  const nav = h(
    'p',
    {},
    h('a', { href: `#/r/${runtime}/op/${enc(crd)}` }, `← ${crd}`),
    ' · ',
    h('a', { href: `#/r/${runtime}/render/${enc(crd)}/${enc(ns)}/${enc(name)}` }, 'Render preview'),
  );
  ctx.main.replaceChildren(h('h1', {}, `${crd} ${ns === '_' ? '' : `${ns}/`}${name}`), nav, body);
  const refresh = async (): Promise<void> => {
    const detail = await api<CrDetail>(runtime, crPath(crd, ns, name)).catch((e: unknown) => e as Error);
    body.replaceChildren(
      ...(detail instanceof Error
        ? [h('p', { class: 'error', role: 'alert' }, detail.message)]
        : detailBody(detail, crd)),
    );
  };
  await refresh();
  ctx.live.open(runtime);
  return ctx.live.listen((r, _type, data) => {
    const event = data as {
      crd?: string;
      name?: string;
      namespace?: string;
      item?: { name: string; namespace?: string };
    };
    const target = event.item ?? event;
    if (r === runtime && event.crd === crd && target.name === name && (target.namespace ?? '_') === ns)
      void refresh();
  });
};

function changeItem(change: RenderResult['changes'][number]): HTMLElement {
  return h(
    'li',
    { 'data-action': change.action },
    badge(change.action),
    ' ',
    h('code', {}, `${change.kind}/${change.name}`),
    change.diff === undefined ? undefined : h('pre', { class: 'diff' }, change.diff),
  );
}

interface CrObject {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec?: unknown;
}

/** The CR to render: the live one's identity, labels and annotations, with the edited spec. */
function editedCr(object: CrObject, specText: string): unknown {
  const { name, namespace, labels, annotations } = object.metadata;
  const spec = JSON.parse(specText) as unknown;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: { name, namespace, labels, annotations },
    spec,
  };
}

async function renderInto(
  out: HTMLElement,
  where: { runtime: number; crd: string },
  cr: () => unknown,
): Promise<void> {
  const { runtime, crd } = where;
  try {
    const result = await api<RenderResult>(runtime, `katalog/${enc(crd)}/render`, JSON.stringify(cr()));
    const objects = h(
      'details',
      {},
      h('summary', {}, `${result.objects.length} rendered objects`),
      h('pre', {}, JSON.stringify(result.objects, null, 2)),
    );
    out.replaceChildren(
      h('h2', {}, 'Changes'),
      h('ul', { class: 'changes' }, ...result.changes.map(changeItem)),
      objects,
    );
  } catch (error) {
    out.replaceChildren(
      h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)),
    );
  }
}

/** `#/r/{runtime}/render/{crd}/{ns}/{name}`: edit the spec (JSON), render, show changes and diffs. */
export const renderView: View = async (ctx, [runtimeText = '0', crd = '', ns = '_', name = '']) => {
  const runtime = Number(runtimeText);
  const object = (await api<CrDetail>(runtime, crPath(crd, ns, name))).object as unknown as CrObject;
  const editor = h('textarea', { id: 'spec', rows: '14', spellcheck: 'false' });
  editor.value = JSON.stringify(object.spec ?? {}, null, 2);
  const out = h('div', { class: 'render-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    {},
    h('label', { for: 'spec' }, 'Spec (JSON)'),
    editor,
    h('button', { type: 'submit' }, 'Render'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void renderInto(out, { runtime, crd }, () => editedCr(object, editor.value));
  });
  const back = h(
    'p',
    {},
    h('a', { href: `#/r/${runtime}/cr/${enc(crd)}/${enc(ns)}/${enc(name)}` }, `← ${name}`),
  );
  ctx.main.replaceChildren(h('h1', {}, `Render preview: ${crd} ${name}`), back, form, out);
  return () => undefined;
};

/** `#/r/{runtime}/source`: the Katalog's files and diagnostics. */
export const sourceView: View = async (ctx, [runtimeText = '0']) => {
  const runtime = Number(runtimeText);
  const source = await api<KatalogSource>(runtime, 'katalog/source');
  const diagnostics = source.diagnostics.map((d) =>
    h(
      'li',
      {},
      badge(d.severity === 'error' ? 'error' : 'progressing', d.severity),
      ` ${d.file}:${d.line}:${d.column} `,
      h('code', {}, d.path),
      ` ${d.message}`,
    ),
  );
  const files = source.files.map((f) =>
    h(
      'section',
      {},
      h('h2', {}, h('code', {}, f.path)),
      h('pre', { class: 'source', tabindex: '0' }, f.text),
    ),
  );
  ctx.main.replaceChildren(
    h('h1', {}, `Katalog ${source.name}`),
    h('p', {}, h('a', { href: '#/' }, '← Overview')),
    h('h2', {}, 'Diagnostics'),
    diagnostics.length === 0 ? h('p', {}, 'None.') : h('ul', {}, ...diagnostics),
    ...files,
  );
  return () => undefined;
};
