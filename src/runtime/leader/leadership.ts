/** What a box needs of leader election: when it may run its workers. */

/** Terms of leadership, as a box waits for them. */
export interface Leadership {
  /**
   * Waits until this replica leads; resolves with a signal that aborts when it stops leading, or
   * undefined when `signal` aborts first.
   */
  term(signal: AbortSignal): Promise<AbortSignal | undefined>;
  /** Who leads now, for a follower's health: undefined when unknown. */
  status(): { isLeader: boolean; holder: string | undefined };
}
