/** The error of a write refused by the leader election fence. */

/** This replica does not lead (or can no longer be sure it does): the write was not sent. */
export class NotLeaderError extends Error {
  constructor(what: string) {
    super(`not the leader: ${what} not sent`);
    this.name = 'NotLeaderError';
  }
}
