/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format (version 0.0.4). Ours rather than prom-client's, which costs ~20 MB of RSS in
 * every process for features the runtime does not use.
 */

/** Label values by label name. */
export type Labels = Readonly<Record<string, string>>;

interface Series {
  labels: Labels;
  value: number;
}

/** Something the registry can render. */
export interface Collector {
  render(): string;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/**
 * The key of a label set, whatever its key order. Runs on every increment and observation, so it
 * builds one string: NUL and SOH never occur in label names and, in practice, values.
 */
function seriesKey(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${name}\u0001${labels[name] ?? ''}\u0000`;
  return key;
}

/** The name, help text and label names of a metric. */
export interface MetricOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

abstract class LabelledMetric implements Collector {
  readonly name: string;
  readonly help: string;
  protected readonly series = new Map<string, Series>();
  abstract readonly type: string;

  constructor(options: MetricOptions) {
    this.name = options.name;
    this.help = options.help;
  }

  protected entry(labels: Labels): Series {
    const key = seriesKey(labels);
    let found = this.series.get(key);
    if (found === undefined) {
      found = { labels: { ...labels }, value: 0 };
      this.series.set(key, found);
    }
    return found;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    for (const s of this.series.values())
      lines.push(`${this.name}${labelText(s.labels)} ${formatNumber(s.value)}`);
    return lines.join('\n');
  }
}

/** A value that only goes up. */
export class Counter extends LabelledMetric {
  readonly type = 'counter';

  inc(labels: Labels = {}, by = 1): void {
    this.entry(labels).value += by;
  }

  /**
   * Sets the total of a counter whose count is kept elsewhere and read at scrape time (a watch's
   * restarts, kept by its informer): the owner keeps it monotonic.
   */
  setTotal(labels: Labels, value: number): void {
    this.entry(labels).value = value;
  }
}

/** A value that goes up and down. */
export class Gauge extends LabelledMetric {
  readonly type = 'gauge';

  set(labels: Labels, value: number): void {
    this.entry(labels).value = value;
  }
}

interface HistogramSeries {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

/** Observations counted into cumulative buckets, with their sum and count. */
export class Histogram implements Collector {
  readonly name: string;
  readonly help: string;
  readonly #buckets: readonly number[];
  readonly #series = new Map<string, HistogramSeries>();

  constructor(options: MetricOptions & { buckets: readonly number[] }) {
    this.name = options.name;
    this.help = options.help;
    this.#buckets = [...options.buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    const key = seriesKey(labels);
    let s = this.#series.get(key);
    if (s === undefined) {
      s = { labels: { ...labels }, counts: this.#buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    for (let i = 0; i < this.#buckets.length; i += 1)
      if (value <= (this.#buckets[i] ?? Infinity)) s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
    s.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.#series.values()) {
      this.#buckets.forEach((le, i) => {
        lines.push(`${this.name}_bucket${labelText(s.labels, ['le', formatNumber(le)])} ${s.counts[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${formatNumber(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** The metrics of a process, rendered together. */
export class Registry {
  readonly #collectors: Collector[] = [];

  /** The content type of {@link text}. */
  readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';

  register<T extends Collector>(collector: T): T {
    this.#collectors.push(collector);
    return collector;
  }

  text(): string {
    return `${this.#collectors.map((c) => c.render()).join('\n')}\n`;
  }
}
