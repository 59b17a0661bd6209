/**
 * What the Control Center API tests share: a Shop operator whose reconcile fails on demand, and a
 * reader of the server-sent event stream.
 */
import assert from 'node:assert/strict';
import type { OperatorSpec } from '../run/operator-fixture.ts';

/** A Shop keeps a ConfigMap, and fails its reconcile while `spec.broken` is "on". */
export const SHOP: OperatorSpec = {
  crds: {
    shop: {
      kind: 'Shop',
      entry: {
        queue: { retryBackoff: { initial: '200ms', max: '2s' } },
        operatorBox: {
          onReconcile: {
            configMaps: [
              { name: '{{ .metadata.name }}-config', data: { mode: '{{ .spec.mode }}' } },
              {
                // Upper case is not a valid object name: the child is refused, the reconcile fails.
                name: '{{ .metadata.name }}-BROKEN',
                data: { x: 'y' },
                when: [{ field: 'spec.broken', equals: 'on' }],
              },
            ],
          },
        },
      },
    },
  },
};

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface CrItem {
  name: string;
  createdAt?: string;
  lastError?: string;
  lastReconcileAt?: string;
}

/** Reads a server-sent event stream into `events` until `signal` aborts. */
export async function listen(
  url: string,
  signal: AbortSignal,
): Promise<{ events: StreamEvent[]; comments: string[] }> {
  const res = await fetch(url, { signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const seen = { events: [] as StreamEvent[], comments: [] as string[] };
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) seen.comments.push(block);
        const event = /^event: (.*)\ndata: (.*)$/.exec(block);
        if (event) seen.events.push({ event: event[1] ?? '', data: JSON.parse(event[2] ?? '{}') as never });
      }
    }
  })().catch(() => undefined);
  return seen;
}
