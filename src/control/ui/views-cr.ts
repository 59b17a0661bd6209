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

type RawChild = Partial<ChildView> & { metadata?: { name?: string; namespace?: string; uid?: string } };

/**
 * The uid each child had when last shown, per child identity: a child that comes back with another
 * uid was deleted and recreated by a reconcile (drift corrected), which the page marks, however fast
 * the recreation was.
 */
type Uids = Map<string, string>;

/** The identity of a child: the ChildView's fields of newer runtimes, the object's of older ones. */
function identity(c: RawChild): { apiVersion: string; kind: string; namespace?: string; name: string } {
  const meta = c.metadata ?? {};
  return {
    apiVersion: c.apiVersion ?? '',
    kind: c.kind ?? '',
    namespace: c.namespace ?? meta.namespace,
    name: c.name ?? meta.name ?? '',
  };
}

/** Whether the child now has another uid than when last shown; remembers the new one. */
function wasRecreated(key: string, uid: string | undefined, uids: Uids): boolean {
  if (uid === undefined) return false;
  const before = uids.get(key);
  uids.set(key, uid);
  return before !== undefined && before !== uid;
}

/** A child as the detail gives it, with whether it was recreated since last shown. */
function childOf(raw: unknown, uids: Uids): ChildView & { recreated: boolean } {
  const c = raw as RawChild;
  const id = identity(c);
  const recreated = wasRecreated(`${id.kind}/${id.namespace ?? ''}/${id.name}`, c.metadata?.uid, uids);
  return { ...id, state: c.state ?? 'ready', summary: c.summary, drift: c.drift, recreated };
}

function childItem(child: ChildView & { recreated?: boolean }): HTMLElement {
  const marks = [
    child.drift === true ? badge('drift', 'drift') : undefined,
    child.recreated === true ? badge('drift', 'recreated after drift') : undefined,
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

function childTree(detail: CrDetail, crd: string, uids: Uids): HTMLElement {
  if (detail.children.length === 0) return h('p', {}, 'No children.');
  const children = h('ul', {}, ...detail.children.map((c) => childItem(childOf(c, uids))));
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

function detailBody(detail: CrDetail, crd: string, uids: Uids): HTMLElement[] {
  return [
    lastReconcileLine(detail),
    h('h2', {}, 'Children'),
    childTree(detail, crd, uids),
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
  const uids: Uids = new Map();
  const refresh = async (): Promise<void> => {
    const detail = await api<CrDetail>(runtime, crPath(crd, ns, name)).catch((e: unknown) => e as Error);
    body.replaceChildren(
      ...(detail instanceof Error
        ? [h('p', { class: 'error', role: 'alert' }, detail.message)]
        : detailBody(detail, crd, uids)),
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
