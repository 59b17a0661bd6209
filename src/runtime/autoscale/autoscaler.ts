/**
 * The operator autoscaler of one box (spec §10.3). Every `interval` it reads the box's metrics (and
 * the metrics of the boxes its conditions name as `cross.<name>.metrics`) over the last interval and
 * evaluates its conditions on `{metrics, cross: {<name>: {metrics}}}`. When they hold, the overrides
 * apply at once; once they have been false for `cooldown` (counted from the first evaluation that
 * found them false), the baseline returns. What a change does (resize the workers, log, event,
 * metric) is the box's: this class only decides, on an injected clock.
 */
import { passesConditions, type RenderFn } from '../../resources/index.ts';
import type { AutoscaleMetrics, AutoscalePlan } from '../../plan/index.ts';
import type { Clock, Timer } from '../clock.ts';
import { waitForAbort } from '../abort.ts';
import { windowMetrics, type LoadReading } from './load-meter.ts';

/** The settings the autoscaler moves between. */
export interface AutoscaleSetting {
  /** Workers. */
  readonly workers: number;
  /** Queue depth bound; 0: unlimited. */
  readonly queueDepth: number;
}

/** One change of setting, for the box to apply and report. */
export interface AutoscaleChange {
  /** True: the overrides now apply; false: the baseline returned. */
  readonly active: boolean;
  readonly from: AutoscaleSetting;
  readonly to: AutoscaleSetting;
  /** The box's metrics at the evaluation that decided it. */
  readonly metrics: AutoscaleMetrics;
  /** One sentence saying what changed and why. */
  readonly message: string;
}

/** Options of {@link Autoscaler}. */
export interface AutoscalerOptions {
  readonly plan: AutoscalePlan;
  /** The box's own setting, which returns after the cooldown. */
  readonly baseline: AutoscaleSetting;
  readonly clock: Clock;
  /** The box's counters now. */
  readonly own: () => LoadReading;
  /** Another box's counters now, by CRD key; undefined when it does not run in this process. */
  readonly peer: (crd: string) => LoadReading | undefined;
  /** Renders the templates of the conditions (fields and operands written as templates). */
  readonly render: RenderFn;
  /** Applies a change of setting (resize the workers, bound the queue) and reports it. */
  readonly onChange: (change: AutoscaleChange) => void;
  /** A condition could not be evaluated (counted as not holding). */
  readonly onError: (message: string) => void;
}

const depthText = (depth: number): string => (depth === 0 ? 'unlimited' : String(depth));

function describeSetting(from: AutoscaleSetting, to: AutoscaleSetting): string {
  const parts: string[] = [];
  if (from.workers !== to.workers) parts.push(`workers ${from.workers} → ${to.workers}`);
  if (from.queueDepth !== to.queueDepth) {
    parts.push(`queue depth ${depthText(from.queueDepth)} → ${depthText(to.queueDepth)}`);
  }
  return parts.length === 0 ? 'nothing to change' : parts.join(', ');
}

function describeMetrics(m: AutoscaleMetrics): string {
  return (
    `queueDepth ${m.queueDepth}, workers ${m.workers}, busy ${m.workersBusyPercent}%, ` +
    `p95 ${m.reconcileDurationP95Ms} ms, errors ${m.errorRatePercent}%`
  );
}

/** Decides, every interval, whether a box runs on its overrides or its baseline. */
export class Autoscaler {
  readonly #o: AutoscalerOptions;
  readonly #override: AutoscaleSetting;
  #active = false;
  #falseSince: number | undefined;
  #ownBefore: LoadReading | undefined;
  readonly #peersBefore = new Map<string, LoadReading>();
  #metrics: AutoscaleMetrics | undefined;

  constructor(options: AutoscalerOptions) {
    this.#o = options;
    const { plan, baseline } = options;
    this.#override = {
      workers: plan.workers ?? baseline.workers,
      queueDepth: plan.queueDepth ?? baseline.queueDepth,
    };
  }

  /** True while the overrides apply. */
  get active(): boolean {
    return this.#active;
  }

  /** The box's metrics at the last evaluation; undefined before the first. */
  get metrics(): AutoscaleMetrics | undefined {
    return this.#metrics;
  }

  /**
   * Evaluates every interval until `signal` aborts. The first window starts now. The setting in force
   * when it stops is left as it is (the box stops with it).
   */
  async start(signal: AbortSignal): Promise<void> {
    this.#ownBefore = this.#o.own();
    for (const crd of Object.values(this.#o.plan.crossMetrics)) {
      const reading = this.#o.peer(crd);
      if (reading !== undefined) this.#peersBefore.set(crd, reading);
    }
    let timer: Timer | undefined;
    const arm = (): void => {
      timer = this.#o.clock.setTimer(() => {
        this.evaluate();
        arm();
      }, this.#o.plan.intervalMs);
    };
    arm();
    await waitForAbort(signal);
    timer?.cancel();
  }

  /** One evaluation: the metrics of the window since the last, the conditions, and a change if due. */
  evaluate(): void {
    const data = this.#windowData();
    const holds = this.#holds(data);
    const now = this.#o.clock.now();
    if (holds) {
      this.#falseSince = undefined;
      if (!this.#active) this.#change(true, 'conditions hold');
      return;
    }
    if (!this.#active) return;
    this.#falseSince ??= now;
    const falseFor = now - this.#falseSince;
    if (falseFor >= this.#o.plan.cooldownMs) {
      this.#change(false, `conditions false for ${Math.round(falseFor / 1000)} s (cooldown)`);
    }
  }

  #windowData(): { metrics: AutoscaleMetrics; cross: Record<string, { metrics: AutoscaleMetrics }> } {
    const own = this.#o.own();
    const metrics = windowMetrics(this.#ownBefore, own);
    this.#ownBefore = own;
    this.#metrics = metrics;
    const byCrd = new Map<string, AutoscaleMetrics>();
    const cross: Record<string, { metrics: AutoscaleMetrics }> = {};
    for (const [name, crd] of Object.entries(this.#o.plan.crossMetrics)) {
      let peer = byCrd.get(crd);
      if (peer === undefined) {
        const reading = this.#o.peer(crd);
        if (reading === undefined) continue;
        peer = windowMetrics(this.#peersBefore.get(crd), reading);
        this.#peersBefore.set(crd, reading);
        byCrd.set(crd, peer);
      }
      cross[name] = { metrics: peer };
    }
    return { metrics, cross };
  }

  #holds(data: Readonly<Record<string, unknown>>): boolean {
    try {
      return passesConditions(this.#o.plan, { data, render: this.#o.render });
    } catch (error) {
      this.#o.onError(error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  #change(active: boolean, why: string): void {
    const { baseline } = this.#o;
    const [from, to] = active ? [baseline, this.#override] : [this.#override, baseline];
    this.#active = active;
    this.#falseSince = undefined;
    const metrics = this.#metrics ?? windowMetrics(undefined, this.#o.own());
    const message =
      `${active ? 'Overrides applied' : 'Baseline restored'}: ${describeSetting(from, to)}; ${why} ` +
      `(${describeMetrics(metrics)})`;
    this.#o.onChange({ active, from, to, metrics, message });
  }
}
