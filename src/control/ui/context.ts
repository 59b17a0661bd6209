/** What every view gets: where to draw, the live streams, the operators' series, the runtime count. */
import type { Live } from './api.ts';
import type { Series } from './sparkline.ts';

/** The shared state of the page. */
export interface Context {
  main: HTMLElement;
  live: Live;
  series: Series;
  runtimes: number;
}

/** A view draws into `ctx.main` and returns what stops it (its stream listener). */
export type View = (ctx: Context, params: readonly string[]) => Promise<() => void>;
