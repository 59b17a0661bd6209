import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WatchEvent } from '../../kube/index.ts';
import { FakeListerWatcher } from './fake-lister-watcher.ts';

describe('FakeListerWatcher', () => {
  it('replays events after a resourceVersion and fails with 410 once compacted', async () => {
    const lw = new FakeListerWatcher();
    lw.upsert({ metadata: { name: 'a' } });
    lw.upsert({ metadata: { name: 'b' } });
    const seen: WatchEvent[] = [];
    const stop = new AbortController();
    const reading = (async () => {
      for await (const e of lw.watch({ resourceVersion: '2' }, stop.signal)) seen.push(e);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    lw.endStreams();
    await reading;
    assert.deepEqual(
      seen.map((e) => e.object.metadata?.name),
      ['b'],
    );
    lw.compact();
    await assert.rejects(async () => {
      for await (const _ of lw.watch({ resourceVersion: '2' }, stop.signal)) break;
    }, /too old/);
  });

  it('pages lists with limit and continue', async () => {
    const lw = new FakeListerWatcher();
    for (const n of ['a', 'b', 'c']) lw.upsert({ metadata: { name: n } });
    const first = await lw.list({ limit: 2 });
    assert.equal(first.items.length, 2);
    const second = await lw.list({ limit: 2, continue: first.continue! });
    assert.deepEqual(
      second.items.map((o) => o.metadata?.name),
      ['c'],
    );
    assert.equal(second.continue, undefined);
  });
});
