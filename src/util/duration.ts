/** Durations as Katalogs write them: `30s`, `1h30m`, `5ms`, `30d`, `1y`. */

const DURATION_UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

/**
 * The longest duration a Katalog may write: 1000 years. Far beyond any real period, timeout or
 * certificate validity, and small enough that every date computed from it (a certificate's notAfter,
 * a timer's due time) stays a valid date; `99999999999y` would not.
 */
export const MAX_DURATION_MS = 1000 * 31_536_000_000;

/** The duration syntax: one or more `<number><unit>` parts, units ms s m h d w y (`1h30m`, `5ms`, `30d`). */
export const DURATION_PATTERN = /^(\d+(\.\d+)?(ms|s|m|h|d|w|y))+$/;

/** Parses a duration (`30s`, `1h30m`, `5ms`, `30d`, `1y`) into milliseconds; undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g)) {
    total += Number(part[1]) * (DURATION_UNIT_MS[part[2] ?? ''] ?? 0);
  }
  return Math.round(total);
}
