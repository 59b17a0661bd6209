/**
 * The Control Center's browser code: a few DOM helpers instead of a framework (the whole UI stays far
 * under its 150 KB budget). `h` builds an element from a tag, attributes and children; text is always
 * set as text, never parsed as HTML.
 */

type Child = Node | string | number | undefined | false;

/** Builds an element: `h('a', { href: '#/' }, 'Overview')`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
  return el;
}

/** A table with a caption, its header cells and its rows. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly HTMLElement[],
): HTMLElement {
  const head = h('tr', {}, ...headers.map((title) => h('th', { scope: 'col' }, title)));
  return h('table', {}, h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, ...rows));
}

/** How long ago an ISO time was, short: 5s, 3m, 2h, 4d. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (iso === undefined) return '–';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return s < 86400 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86400)}d`;
}

/** A badge for a health status or a state. */
export function badge(kind: string, text: string = kind): HTMLElement {
  return h('span', { class: `health health-${kind}` }, text);
}
