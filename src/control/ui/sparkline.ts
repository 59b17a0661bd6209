/**
 * Small inline-SVG charts of the last minutes, and the series behind them: each `katalog` event of the
 * live stream adds a sample of an operator's counters; a rate is the difference between two samples.
 */
const SVG = 'http://www.w3.org/2000/svg';
/** Ten minutes of samples at the stream's pace (one a second at most). */
const MAX_POINTS = 600;

/** Per-operator samples: queue depth, reconciles/s and errors/s. */
export class Series {
  readonly #points = new Map<string, { queue: number[]; rate: number[]; errors: number[] }>();
  readonly #last = new Map<string, { at: number; ok: number; err: number }>();

  /** Adds a sample of one operator's counters. */
  add(
    key: string,
    stats: { queueDepth: number; reconciles: { success: number; error: number }; at: string },
  ): void {
    const at = Date.parse(stats.at);
    const last = this.#last.get(key);
    const points = this.#points.get(key) ?? { queue: [], rate: [], errors: [] };
    const seconds = last === undefined ? 0 : (at - last.at) / 1000;
    if (seconds > 0 && last !== undefined) {
      push(points.rate, Math.max(0, stats.reconciles.success - last.ok) / seconds);
      push(points.errors, Math.max(0, stats.reconciles.error - last.err) / seconds);
    }
    if (last === undefined || seconds > 0) push(points.queue, stats.queueDepth);
    this.#last.set(key, { at, ok: stats.reconciles.success, err: stats.reconciles.error });
    this.#points.set(key, points);
  }

  /** The samples of one operator. */
  get(key: string): { queue: number[]; rate: number[]; errors: number[] } {
    return this.#points.get(key) ?? { queue: [], rate: [], errors: [] };
  }
}

function push(values: number[], value: number): void {
  values.push(value);
  if (values.length > MAX_POINTS) values.shift();
}

/** A sparkline of `values`, labelled for screen readers with the last value. */
export function sparkline(values: readonly number[], label: string, unit = ''): SVGSVGElement {
  const width = 120;
  const height = 24;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  const last = values.at(-1);
  const title = document.createElementNS(SVG, 'title');
  title.textContent = `${label}: ${last === undefined ? 'no data yet' : `${round(last)}${unit}`}`;
  svg.setAttribute('aria-label', title.textContent);
  svg.append(title);
  if (values.length < 2) return svg;
  const max = Math.max(...values, 1e-9);
  const step = width / (values.length - 1);
  const points = values.map(
    (v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`,
  );
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  svg.append(line);
  return svg;
}

/** A figure with at most two decimals. */
export function round(value: number): string {
  return value >= 10 ? value.toFixed(0) : String(Math.round(value * 100) / 100);
}
