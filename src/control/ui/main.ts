/**
 * The Control Center's page: hash routing between the views, the light/dark toggle, and the live
 * streams shared by every view. The server's overview stays in place until the first view is drawn.
 */
import { Live } from './api.ts';
import type { Context, View } from './context.ts';
import { h } from './dom.ts';
import { Series } from './sparkline.ts';
import { crView, renderView, sourceView } from './views-cr.ts';
import { operatorView, overviewView } from './views-list.ts';

const ROUTES: [RegExp, View][] = [
  [/^#\/r\/(\d+)\/op\/([^/]+)$/, operatorView],
  [/^#\/r\/(\d+)\/cr\/([^/]+)\/([^/]+)\/([^/]+)$/, crView],
  [/^#\/r\/(\d+)\/render\/([^/]+)\/([^/]+)\/([^/]+)$/, renderView],
  [/^#\/r\/(\d+)\/source$/, sourceView],
];

function match(hash: string): [View, string[]] {
  for (const [pattern, view] of ROUTES) {
    const m = pattern.exec(hash);
    if (m) return [view, m.slice(1).map(decodeURIComponent)];
  }
  return [overviewView, []];
}

function themeToggle(): HTMLElement {
  const root = document.documentElement;
  const saved = localStorage.getItem('ork-theme');
  if (saved === 'light' || saved === 'dark') root.dataset['theme'] = saved;
  const button = h(
    'button',
    { type: 'button', class: 'theme', 'aria-label': 'Toggle light or dark theme' },
    '◐',
  );
  button.addEventListener('click', () => {
    const dark =
      root.dataset['theme'] === 'dark' ||
      (root.dataset['theme'] === undefined && matchMedia('(prefers-color-scheme: dark)').matches);
    root.dataset['theme'] = dark ? 'light' : 'dark';
    localStorage.setItem('ork-theme', root.dataset['theme']);
  });
  return button;
}

function start(): void {
  const main = document.getElementById('app');
  if (main === null) return;
  const runtimes = Number(
    document.querySelector('meta[name="ork-runtimes"]')?.getAttribute('content') ?? '1',
  );
  const ctx: Context = { main, live: new Live(), series: new Series(), runtimes };
  document.querySelector('header.top')?.append(themeToggle());
  let stop: () => void = () => undefined;
  let generation = 0;
  const show = async (): Promise<void> => {
    stop();
    const mine = ++generation;
    const [view, params] = match(location.hash);
    try {
      const stopper = await view(ctx, params);
      if (mine === generation) stop = stopper;
      else stopper();
    } catch (error) {
      main.replaceChildren(
        h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)),
      );
    }
    document.body.dataset['view'] = view === overviewView ? 'overview' : (location.hash.split('/')[3] ?? '');
  };
  window.addEventListener('hashchange', () => void show());
  // back from the background: redraw, except the render preview, whose edits would be lost
  ctx.live.pauseWhileHidden(() => {
    if (!location.hash.includes('/render/')) void show();
  });
  void show();
}

start();
