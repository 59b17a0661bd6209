import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KatalogStream, type StreamClient } from './stream.ts';
import type { CustomResourceSummary, RuntimeView, ViewChange } from './view.ts';

/** A view whose Katalog name and changes the test drives. */
function fakeView() {
  const state = { name: 'demo', listeners: new Set<(c: ViewChange) => void>(), observed: 0 };
  const view: RuntimeView = {
    katalogName: () => state.name,
    boxes: () => [],
    box: () => undefined,
    readiness: () => ({ ready: true, reasons: [] }),
    metrics: () => Promise.resolve({ contentType: 'text/plain', text: '' }),
    observe: (listener) => {
      state.observed += 1;
      state.listeners.add(listener);
      return () => state.listeners.delete(listener);
    },
  };
  const emit = (change: ViewChange): void => {
    for (const l of state.listeners) l(change);
  };
  return { view, state, emit };
}

/** A client recording the events it receives. */
function client(): StreamClient & {
  events: { event: string; data: unknown }[];
  text: string;
  ended: boolean;
} {
  return {
    events: [],
    text: '',
    ended: false,
    writableLength: 0,
    write(chunk: string) {
      this.text += chunk;
      for (const block of chunk.split('\n\n').filter((b) => b.startsWith('event: '))) {
        const [head = '', data = ''] = block.split('\n');
        this.events.push({ event: head.slice(7), data: JSON.parse(data.slice(6)) as unknown });
      }
      return true;
    },
    end() {
      this.ended = true;
    },
  };
}

const item = (name: string, lastError?: string): CustomResourceSummary => ({
  namespace: 'ns',
  name,
  ready: 'True',
  observedGeneration: 1,
  generation: 1,
  createdAt: '2025-01-01T00:00:00Z',
  ...(lastError === undefined ? {} : { lastError }),
});

test('without clients the stream observes nothing and holds no timer', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout'] });
  const { view, state } = fakeView();
  const stream = new KatalogStream(view);
  assert.equal(state.observed, 0);
  const first = client();
  const remove = stream.add(first);
  const removeOther = stream.add(client());
  assert.equal(state.observed, 1, 'clients share one producer');
  remove();
  assert.equal(state.listeners.size, 1);
  removeOther();
  assert.equal(state.listeners.size, 0);
  const sent = first.text;
  state.name = 'renamed';
  t.mock.timers.tick(60_000);
  assert.equal(first.text, sent, 'no Katalog tick nor ping once the last client left');
});

test('a client gets the Katalog at once, then again only when it changed', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout'] });
  const { view, state } = fakeView();
  const stream = new KatalogStream(view);
  const c = client();
  stream.add(c);
  assert.deepEqual(c.events, [{ event: 'katalog', data: { name: 'demo', crds: [] } }]);
  t.mock.timers.tick(3000);
  assert.equal(c.events.length, 1);
  state.name = 'renamed';
  t.mock.timers.tick(999);
  assert.equal(c.events.length, 1, 'at most once a second');
  t.mock.timers.tick(1);
  assert.deepEqual(c.events[1], { event: 'katalog', data: { name: 'renamed', crds: [] } });
});

test('changes of a CR are coalesced: the last one of each window is sent', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout'] });
  const { view, emit } = fakeView();
  const stream = new KatalogStream(view);
  const c = client();
  stream.add(c);
  emit({ crd: 'website', type: 'upsert', item: item('a') });
  emit({ crd: 'website', type: 'upsert', item: item('b') });
  emit({ crd: 'website', type: 'upsert', item: item('a', 'boom') });
  emit({ crd: 'website', type: 'child', namespace: 'ns', name: 'a' });
  assert.equal(c.events.length, 1);
  t.mock.timers.tick(100);
  assert.deepEqual(c.events.slice(1), [
    { event: 'cr', data: { crd: 'website', type: 'upsert', item: item('a', 'boom') } },
    { event: 'child', data: { crd: 'website', namespace: 'ns', name: 'a' } },
    { event: 'cr', data: { crd: 'website', type: 'upsert', item: item('b') } },
  ]);
  emit({ crd: 'website', type: 'delete', item: item('b') });
  t.mock.timers.tick(100);
  assert.deepEqual(c.events.at(-1), {
    event: 'cr',
    data: { crd: 'website', type: 'delete', item: item('b') },
  });
});

test('a ping comment keeps idle connections open every 15 s', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout'] });
  const { view } = fakeView();
  const stream = new KatalogStream(view);
  const c = client();
  stream.add(c);
  t.mock.timers.tick(15_000);
  assert.match(c.text, /\n\n: ping\n\n$/);
});

test('a client that stopped reading is dropped', () => {
  const { view, emit, state } = fakeView();
  const stream = new KatalogStream(view, { coalesceMs: 0 });
  const stalled = { ...client(), writableLength: 2 << 20 };
  stream.add(stalled);
  assert.equal(stalled.ended, true);
  assert.equal(stream.clients, 0);
  assert.equal(state.listeners.size, 0);
  emit({ crd: 'website', type: 'upsert', item: item('a') });
});
