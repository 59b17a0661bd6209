// One contract, two implementations: the runtime's FakeListerWatcher (what the informer's unit tests
// run on) and the kube layer's real lister-watcher over HTTP/2 to the fake API server, serving the
// same in-memory model. If the fake drifts from the real one, this fails for one of them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createKubeClient,
  createListerWatcher,
  ForbiddenError,
  GoneError,
  TooManyRequestsError,
  WatchInactivityError,
  type GroupVersionResource,
  type KubeObject,
  type ListerWatcher,
  type WatchEvent,
  type WatchListOptions,
} from '../../kube/index.ts';
import { serveListerWatcher, startFakeApiServer, type FakeApiServer } from '../../kube/testing/index.ts';
import { Informer } from '../informer/index.ts';
import { FakeClock, FakeListerWatcher } from './index.ts';

const configmaps: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespaced: true,
};

interface Timer {
  inactivityMs: number;
  setTimer: (fn: () => void, ms: number) => { cancel(): void };
}

/** A lister-watcher under test and the model that scripts what the "server" holds and does. */
interface Subject {
  model: FakeListerWatcher;
  lw: ListerWatcher;
  close: () => Promise<void>;
}

const fakeSubject = (timer?: Timer): Promise<Subject> => {
  const model = new FakeListerWatcher(timer ?? {});
  return Promise.resolve({ model, lw: model, close: () => Promise.resolve() });
};

let server: FakeApiServer | undefined;
let served: FakeListerWatcher | undefined;

const realSubject = (timer?: Timer): Promise<Subject> => {
  const model = new FakeListerWatcher();
  served = model;
  const client = createKubeClient(server!.config(), { backoff: { maxRetries: 0 } });
  const lw = createListerWatcher(client, configmaps, timer ?? {});
  return Promise.resolve({ model, lw, close: () => client.transport.close() });
};

const configMap = (name: string, namespace = 'n', labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels },
});

/** Resolves once `condition` holds (the real subject's requests take a few turns of the event loop). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 2) {
    if (waited > 2_000) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** An open watch: read events one by one, and end it (abort, then let the iterator finish). */
function openWatch(lw: ListerWatcher, options: WatchListOptions) {
  const stop = new AbortController();
  const iterator = lw.watch(options, stop.signal)[Symbol.asyncIterator]();
  const next = async (): Promise<WatchEvent> => {
    const result = await iterator.next();
    assert.equal(result.done, false, 'the watch ended');
    return result.value;
  };
  const end = async (): Promise<void> => {
    stop.abort();
    await iterator.return?.();
  };
  return { iterator, next, stop, end };
}

const summary = (event: WatchEvent): string =>
  `${event.type} ${event.object.metadata?.name ?? ''}@${event.object.metadata?.resourceVersion ?? ''}`;

function contract(make: (timer?: Timer) => Promise<Subject>): void {
  it("lists page by page with the collection's resourceVersion", async () => {
    const { model, lw, close } = await make();
    for (const name of ['a', 'b', 'c']) model.upsert(configMap(name));
    const first = await lw.list({ namespace: 'n', limit: 2 });
    assert.deepEqual(
      first.items.map((o) => o.metadata?.name),
      ['a', 'b'],
    );
    assert.equal(first.resourceVersion, model.resourceVersion);
    const second = await lw.list({ namespace: 'n', limit: 2, continue: first.continue! });
    assert.deepEqual(
      second.items.map((o) => o.metadata?.name),
      ['c'],
    );
    assert.equal(second.continue, undefined);
    await close();
  });

  it('scopes lists and watches to a namespace and a label selector', async () => {
    const { model, lw, close } = await make();
    model.upsert(configMap('in', 'n', { app: 'x' }));
    model.upsert(configMap('other-namespace', 'm', { app: 'x' }));
    model.upsert(configMap('other-label', 'n', { app: 'y' }));
    const list = await lw.list({ namespace: 'n', labelSelector: 'app=x' });
    assert.deepEqual(
      list.items.map((o) => o.metadata?.name),
      ['in'],
    );
    const watch = openWatch(lw, { namespace: 'n', labelSelector: 'app=x', resourceVersion: '1' });
    assert.equal((await watch.next()).object.metadata?.name, 'in');
    model.upsert(configMap('later', 'm', { app: 'x' }));
    model.upsert(configMap('later', 'n', { app: 'x' }));
    assert.equal((await watch.next()).object.metadata?.namespace, 'n');
    await watch.end();
    await close();
  });

  it('watches from a resourceVersion: what came after it, then every change in order', async () => {
    const { model, lw, close } = await make();
    model.upsert(configMap('a'));
    model.upsert(configMap('b'));
    const watch = openWatch(lw, { resourceVersion: '2' });
    assert.equal(summary(await watch.next()), 'ADDED b@3');
    model.upsert(configMap('a'));
    model.remove('n/b');
    assert.equal(summary(await watch.next()), 'MODIFIED a@4');
    assert.equal(summary(await watch.next()), 'DELETED b@5');
    await watch.end();
    await close();
  });

  it('sends bookmarks that carry the current resourceVersion', async () => {
    const { model, lw, close } = await make();
    model.upsert(configMap('a'));
    const watch = openWatch(lw, { resourceVersion: model.resourceVersion });
    const first = watch.next();
    await until(() => model.openWatches === 1, 'the watch to open');
    model.bookmark();
    const bookmark = await first;
    assert.equal(bookmark.type, 'BOOKMARK');
    assert.equal(bookmark.object.metadata?.resourceVersion, model.resourceVersion);
    await watch.end();
    await close();
  });

  it('says once when the server accepted a watch, before any event', async () => {
    const { model, lw, close } = await make();
    let opened = 0;
    const onOpen = (): void => {
      opened++;
    };
    const watch = openWatch(lw, { resourceVersion: model.resourceVersion, onOpen });
    const first = watch.next();
    await until(() => opened === 1, 'the watch to be accepted');
    model.upsert(configMap('a'));
    assert.equal(summary(await first), 'ADDED a@2');
    assert.equal(opened, 1);
    await watch.end();
    await close();
  });

  it('throws GoneError for a watch from a resourceVersion the server no longer has', async () => {
    const { model, lw, close } = await make();
    model.upsert(configMap('a'));
    model.compact();
    const watch = openWatch(lw, { resourceVersion: '1' });
    await assert.rejects(watch.next(), (error) => error instanceof GoneError && error.code === 410);
    await close();
  });

  it("ends a watch with the typed error of an ERROR event's Status", async () => {
    const { model, lw, close } = await make();
    const watch = openWatch(lw, { resourceVersion: model.resourceVersion });
    const pending = watch.next();
    await until(() => model.openWatches === 1, 'the watch to open');
    model.upsert(configMap('a'));
    assert.equal(summary(await pending), 'ADDED a@2');
    model.sendErrorEvent(410);
    await assert.rejects(watch.next(), GoneError);
    await close();
  });

  it("fails a list with kube's typed error, a throttled one with the server's Retry-After", async () => {
    const { model, lw, close } = await make();
    model.failNextList(new ForbiddenError({ code: 403, reason: 'Forbidden', message: 'no list for you' }));
    await assert.rejects(
      lw.list({}),
      (error) => error instanceof ForbiddenError && /no list/.test(error.message),
    );
    model.failNextList(new TooManyRequestsError({ code: 429, message: 'slow down', retryAfterSeconds: 7 }));
    await assert.rejects(
      lw.list({}),
      (error) => error instanceof TooManyRequestsError && error.retryAfterSeconds === 7,
    );
    await close();
  });

  it('ends a watch without an error when its signal aborts, and closes the stream', async () => {
    const { model, lw, close } = await make();
    const watch = openWatch(lw, { resourceVersion: model.resourceVersion });
    const pending = watch.iterator.next();
    await until(() => model.openWatches === 1, 'the watch to open');
    watch.stop.abort();
    assert.equal((await pending).done, true);
    await until(() => model.openWatches === 0, 'the stream to close');
    await close();
  });

  it('throws WatchInactivityError when a watch hears nothing for the inactivity limit', async () => {
    const clock = new FakeClock();
    const timer: Timer = { inactivityMs: 1_000, setTimer: (fn, ms) => clock.setTimer(fn, ms) };
    const { model, lw, close } = await make(timer);
    const watch = openWatch(lw, { resourceVersion: model.resourceVersion });
    const first = watch.next();
    await until(() => model.openWatches === 1, 'the watch to open');
    clock.advance(900);
    model.upsert(configMap('a'));
    assert.equal(summary(await first), 'ADDED a@2');
    clock.advance(999);
    const silent = watch.next();
    clock.advance(1);
    await assert.rejects(silent, WatchInactivityError);
    await close();
  });

  it('lets an informer relist after a 410 and end with exactly what the server has', async () => {
    const { model, lw, close } = await make();
    model.upsert(configMap('keep'));
    model.upsert(configMap('gone'));
    const informer = new Informer(lw, { initialBackoffMs: 1, maxBackoffMs: 5 });
    const stop = new AbortController();
    const running = informer.start(stop.signal);
    await informer.waitForSync();
    await until(() => model.openWatches === 1, 'the watch to open');
    model.sendErrorEvent(410);
    model.remove('n/gone');
    model.upsert(configMap('new'));
    await until(() => informer.health().lists === 2 && informer.store.size === 2, 'the relist');
    assert.deepEqual(informer.store.keys().sort(), ['n/keep', 'n/new']);
    stop.abort();
    await running;
    await close();
  });
}

describe('ListerWatcher contract: the fake lister-watcher', () => {
  contract(fakeSubject);
});

describe("ListerWatcher contract: the kube layer's lister-watcher over HTTP/2 to the fake API server", () => {
  before(async () => {
    server = await startFakeApiServer((request, response) => serveListerWatcher(served!)(request, response), {
      http2: true,
    });
  });
  after(() => server?.close());
  contract(realSubject);
});
