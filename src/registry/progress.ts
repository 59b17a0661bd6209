/**
 * Progress of a large blob transfer: a pure formatter (`pushing sha256:1a2b… 1.5 MiB / 3.0 MiB 50%
 * 12.0 MiB/s`) and a meter that turns byte counts into at most a few lines a second, the last one
 * always printed. Where the lines go (a terminal line rewritten in place, or plain lines) is the
 * caller's: the meter only calls `write`.
 */

/** Where progress lines go; `final` is the transfer's last line. */
export type ProgressWriter = (line: string, final: boolean) => void;

/** Blobs smaller than this transfer without progress: they are done before a line would help. */
export const PROGRESS_THRESHOLD_BYTES = 1024 * 1024;

/** The fewest milliseconds between two lines. */
const INTERVAL_MS = 250;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `1536` → `1.5 KiB`; bytes as they are below 1 KiB. */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${String(value)} B` : `${value.toFixed(1)} ${UNITS[unit] ?? ''}`;
}

/** One progress line: what, bytes done of total, percent, and the mean rate so far. */
export function formatProgress(p: {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}): string {
  const percent = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);
  const rate = p.elapsedMs > 0 ? `${formatSize((p.done * 1000) / p.elapsedMs)}/s` : '-';
  return `${p.label} ${formatSize(p.done)} / ${formatSize(p.total)} ${String(percent)}% ${rate}`;
}

/** A meter of one transfer. */
export interface ProgressMeter {
  /** The bytes transferred so far. */
  update(done: number): void;
  /** The transfer is complete: its last line. */
  finish(): void;
}

/** A meter writing at most one line per {@link INTERVAL_MS}, and the last one always. */
export function progressMeter(options: {
  readonly label: string;
  readonly total: number;
  readonly write: ProgressWriter;
  readonly now?: () => number;
}): ProgressMeter {
  const now = options.now ?? Date.now;
  const started = now();
  let last = -Infinity;
  let done = 0;
  let finished = false;
  const line = () =>
    formatProgress({ label: options.label, done, total: options.total, elapsedMs: now() - started });
  return {
    update(bytes) {
      done = bytes;
      const t = now();
      if (finished || t - last < INTERVAL_MS) return;
      last = t;
      options.write(line(), false);
    },
    finish() {
      if (finished) return;
      finished = true;
      options.write(line(), true);
    },
  };
}
