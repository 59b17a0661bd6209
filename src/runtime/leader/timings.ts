/** The three durations of leader election, their defaults (client-go's) and the rule that ties them. */

/** How long a claim lasts, how long a leader keeps trying to renew it, how often anyone tries. */
export interface LeaderTimings {
  /** A follower takes over this long after it last saw the Lease change. @default 15_000 */
  leaseDurationMs: number;
  /** A leader that has not renewed for this long stops leading (and writing). @default 10_000 */
  renewDeadlineMs: number;
  /** The pause between two attempts to acquire or renew. @default 2_000 */
  retryPeriodMs: number;
}

/** 15 s, 10 s, 2 s, as spec §14 and controller-runtime. */
export const DEFAULT_LEADER_TIMINGS: Readonly<LeaderTimings> = Object.freeze({
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
});

/**
 * Why the timings cannot work, or undefined when they can. The lease must outlast the renew deadline
 * (a leader stops writing before anyone may take over) and the deadline must leave room for more
 * than one renewal attempt.
 */
export function timingsProblem(t: LeaderTimings): string | undefined {
  if (!(t.retryPeriodMs > 0)) return 'the retry period must be more than 0';
  if (!(t.renewDeadlineMs > t.retryPeriodMs))
    return 'the renew deadline must be longer than the retry period';
  if (!(t.leaseDurationMs > t.renewDeadlineMs))
    return 'the lease duration must be longer than the renew deadline';
  return undefined;
}
