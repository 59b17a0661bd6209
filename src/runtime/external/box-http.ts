/**
 * The {@link ExternalHttp} of one box: its requests go through the process's shared keep-alive agents,
 * at most `limit` at a time, and are all aborted when the box's signal aborts (the process stopping).
 */
import type { ExternalHttp } from '../reconcile/index.ts';
import { CallLimiter } from './call-limiter.ts';
import { sendHttp } from './http-client.ts';

/** Creates the external HTTP client of a box. */
export function boxHttp(options: { limit: number; signal: AbortSignal }): ExternalHttp {
  const limiter = new CallLimiter(options.limit);
  return {
    send: (request, timeoutMs) => limiter.run(() => sendHttp(request, { timeoutMs, signal: options.signal })),
  };
}
