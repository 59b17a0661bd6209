import { setTimeout as delay } from 'node:timers/promises';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { KubeClient } from './client.ts';
import { GoneError } from './errors.ts';
import { sendJson, startFakeApiServer, statusBody } from './testing/fake-api-server.ts';
import type { FakeApiServer, SeenRequest } from './testing/fake-api-server.ts';
import { Transport } from './transport/transport.ts';
import type { GroupVersionResource, WatchEvent } from './types.ts';
import {
  WatchDecodeError,
  WatchInactivityError,
  createListerWatcher,
  decodeJsonLines,
  randomWatchTimeoutSeconds,
  toWatchEvent,
  watchResource,
} from './watch.ts';

async function* fromChunks(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

/** The name of the next event's object; undefined when the watch ended. */
async function nextName(watch: AsyncGenerator<WatchEvent>): Promise<string | undefined> {
  const next = await watch.next();
  return next.done === true ? undefined : next.value.object.metadata?.name;
}

/** One-shot timers that run only when {@link ManualTimers.advance} moves time past them. */
class ManualTimers {
  now = 0;
  fired = 0;
  #timers = new Set<{ at: number; fn: () => void }>();

  readonly set = (fn: () => void, ms: number): { cancel(): void } => {
    const timer = { at: this.now + ms, fn };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  };

  advance(ms: number): void {
    this.now += ms;
    for (const timer of [...this.#timers].filter((t) => t.at <= this.now)) {
      this.#timers.delete(timer);
      this.fired += 1;
      timer.fn();
    }
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('decodeJsonLines', () => {
  it('decodes the same values wherever the byte stream is split, even inside a character', async () => {
    const value = fc.record({
      type: fc.constantFrom('ADDED', 'MODIFIED'),
      object: fc.record({ name: fc.string({ unit: 'binary' }), n: fc.integer() }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (values, cuts) => {
          const bytes = Buffer.from(values.map((v) => `${JSON.stringify(v)}\n`).join(''));
          const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort(
            (a, b) => a - b,
          );
          const chunks = [0, ...points].map((start, i) =>
            bytes.subarray(start, [...points, bytes.length][i]),
          );
          assert.deepEqual(
            await collect(decodeJsonLines(fromChunks(chunks))),
            JSON.parse(JSON.stringify(values)),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('decodes a last line without a newline and skips blank lines', async () => {
    const chunks = [Buffer.from('{"a":1}\n\n{"a"'), Buffer.from(':2}')];
    assert.deepEqual(await collect(decodeJsonLines(fromChunks(chunks))), [{ a: 1 }, { a: 2 }]);
  });
});

describe('toWatchEvent', () => {
  it('turns an ERROR event with a 410 Status into a GoneError', () => {
    assert.throws(() => toWatchEvent({ type: 'ERROR', object: statusBody(410, 'Expired') }), GoneError);
  });

  it('rejects a line that is not an event', () => {
    assert.throws(() => toWatchEvent({ kind: 'Pod' }), WatchDecodeError);
  });

  it('keeps bookmarks', () => {
    const bookmark = { type: 'BOOKMARK', object: { metadata: { resourceVersion: '12' } } };
    assert.deepEqual(toWatchEvent(bookmark), bookmark);
  });
});

describe('randomWatchTimeoutSeconds', () => {
  it('stays within 300–600 seconds', () => {
    assert.equal(
      randomWatchTimeoutSeconds(() => 0),
      300,
    );
    assert.equal(
      randomWatchTimeoutSeconds(() => 0.9999),
      599,
    );
  });
});

const pods: GroupVersionResource = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const line = (event: object): string => `${JSON.stringify(event)}\n`;
const added = (name: string, rv: string) => ({
  type: 'ADDED',
  object: { kind: 'Pod', metadata: { name, resourceVersion: rv } },
});

describe('watchResource', () => {
  let server: FakeApiServer;
  let client: KubeClient;
  let handle: (request: SeenRequest, response: ServerResponse) => void = () => undefined;
  before(async () => {
    server = await startFakeApiServer((request, response) => {
      handle(request, response);
    });
    client = new KubeClient(new Transport(server.config()));
  });
  after(async () => {
    await server.close();
    await client.transport.close();
  });

  it('asks for bookmarks and a random timeout from the resourceVersion, and yields events until the server ends', async () => {
    handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const text =
        line(added('a', '5')) + line({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } });
      response.write(text.slice(0, 17));
      setImmediate(() => response.end(text.slice(17)));
    };
    const events = await collect(
      watchResource(client, pods, { namespace: 'n', resourceVersion: '4', labelSelector: 'app=a' }),
    );
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata?.resourceVersion]),
      [
        ['ADDED', '5'],
        ['BOOKMARK', '6'],
      ],
    );
    const url = new URL(server.requests.at(-1)!.url, 'http://x');
    assert.equal(url.pathname, '/api/v1/namespaces/n/pods');
    assert.equal(url.searchParams.get('watch'), '1');
    assert.equal(url.searchParams.get('allowWatchBookmarks'), 'true');
    assert.equal(url.searchParams.get('resourceVersion'), '4');
    assert.equal(url.searchParams.get('labelSelector'), 'app=a');
    const timeout = Number(url.searchParams.get('timeoutSeconds'));
    assert.ok(timeout >= 300 && timeout < 600, `timeoutSeconds ${timeout}`);
  });

  it('aborts a silent stream once the inactivity limit passes after the last chunk', async () => {
    const timers = new ManualTimers();
    handle = (_request, response) => {
      response.writeHead(200);
      response.write(line(added('a', '5')));
    };
    const watch = watchResource(client, pods, { inactivityMs: 40, setTimer: timers.set });
    assert.equal(await nextName(watch), 'a');
    timers.advance(39);
    assert.equal(timers.fired, 0, 'not due before the limit');
    timers.advance(1);
    await assert.rejects(watch.next(), WatchInactivityError);
  });

  it('resets the inactivity timer on every chunk', async () => {
    const timers = new ManualTimers();
    let stream: ServerResponse | undefined;
    handle = (_request, response) => {
      response.writeHead(200);
      response.write(line(added('p0', '1')));
      stream = response;
    };
    const watch = watchResource(client, pods, { inactivityMs: 50, setTimer: timers.set });
    const names = [await nextName(watch)];
    for (let i = 1; i <= 5; i++) {
      timers.advance(40); // 4/5 of the limit since the last chunk, 40 × i in all
      stream!.write(line(added(`p${i}`, String(i + 1))));
      names.push(await nextName(watch));
    }
    timers.advance(40);
    stream!.end();
    assert.equal((await watch.next()).done, true);
    assert.deepEqual(names, ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    assert.equal(timers.now, 240, 'the stream lived almost five times the limit');
    assert.equal(timers.fired, 0);
  });

  it('uses real timers by default: a stream that never sends a chunk is aborted', async () => {
    handle = (_request, response) => {
      response.writeHead(200);
      response.flushHeaders();
    };
    await assert.rejects(collect(watchResource(client, pods, { inactivityMs: 20 })), WatchInactivityError);
  });

  it('re-arms the real timer on every chunk: a stream that keeps talking outlives the limit', async () => {
    let stream: ServerResponse | undefined;
    handle = (_request, response) => {
      response.writeHead(200);
      response.write(line(added('p0', '1')));
      stream = response;
    };
    const started = performance.now();
    // a limit six times the gap between chunks, so a loaded machine's late timers don't trip it
    const watch = watchResource(client, pods, { inactivityMs: 300 });
    const names = [await nextName(watch)];
    for (let i = 1; i <= 12; i++) {
      await delay(50);
      stream!.write(line(added(`p${i}`, String(i + 1))));
      names.push(await nextName(watch));
    }
    assert.ok(performance.now() - started >= 600, 'the stream lived past twice the limit');
    await assert.rejects(watch.next(), WatchInactivityError);
    assert.equal(names.length, 13);
  });

  it('throws GoneError for an ERROR event with an expired resourceVersion', async () => {
    handle = (_request, response) => {
      response.writeHead(200);
      response.end(
        line(added('a', '5')) + line({ type: 'ERROR', object: statusBody(410, 'Expired', 'too old') }),
      );
    };
    await assert.rejects(collect(watchResource(client, pods, { resourceVersion: '1' })), GoneError);
  });

  it('throws GoneError when the server refuses the watch with 410', async () => {
    handle = (_request, response) => {
      sendJson(response, 410, statusBody(410, 'Gone'));
    };
    await assert.rejects(collect(watchResource(client, pods)), GoneError);
  });

  it('ends cleanly when the caller aborts, closing the stream', async () => {
    handle = (_request, response) => {
      response.writeHead(200);
      response.write(line(added('a', '5')));
    };
    const controller = new AbortController();
    const events: WatchEvent[] = [];
    for await (const event of watchResource(client, pods, { signal: controller.signal })) {
      events.push(event);
      controller.abort();
    }
    assert.equal(events.length, 1);
  });
});

describe('createListerWatcher', () => {
  it('applies namespace and selector to both list and watch', async () => {
    const server = await startFakeApiServer((request, response) => {
      if (request.url.includes('watch=1')) {
        response.writeHead(200);
        response.end(line(added('a', '8')));
        return;
      }
      sendJson(response, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '7' },
        items: [],
      });
    });
    const client = new KubeClient(new Transport(server.config()));
    const lw = createListerWatcher(client, pods, {
      namespace: 'n',
      labelSelector: 'app.kubernetes.io/managed-by=orkestra',
    });
    const list = await lw.list({});
    const events = await collect(
      lw.watch({ resourceVersion: list.resourceVersion }, new AbortController().signal),
    );
    assert.equal(events.length, 1);
    const [listUrl, watchUrl] = server.requests.map((r) => new URL(r.url, 'http://x'));
    for (const url of [listUrl!, watchUrl!]) {
      assert.equal(url.pathname, '/api/v1/namespaces/n/pods');
      assert.equal(url.searchParams.get('labelSelector'), 'app.kubernetes.io/managed-by=orkestra');
    }
    assert.equal(listUrl!.searchParams.get('limit'), '500');
    assert.equal(watchUrl!.searchParams.get('resourceVersion'), '7');
    await client.transport.close();
    await server.close();
  });
});
