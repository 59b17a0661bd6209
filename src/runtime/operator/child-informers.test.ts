import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupVersionResource, KubeObject, ListerWatcher } from '../../kube/index.ts';
import { FakeClock } from '../testing/index.ts';
import { PendingError } from '../errors.ts';
import { SharedInformerFactory, type Informer } from '../informer/index.ts';
import { FakeListerWatcher } from '../testing/fake-lister-watcher.ts';
import { ChildInformers, MANAGED_SELECTOR } from './child-informers.ts';

const settle = async (rounds = 8): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

const RESOURCES: Record<string, GroupVersionResource> = {
  'v1|ConfigMap': { group: '', version: 'v1', resource: 'configmaps', namespaced: true },
  'example.io/v1|Widget': { group: 'example.io', version: 'v1', resource: 'widgets', namespaced: false },
};

/** A list/watch the server always refuses: its informer never syncs. */
const forbidden: ListerWatcher = {
  list: () => Promise.reject(new Error('forbidden')),
  watch: () => {
    throw new Error('forbidden');
  },
};

const configMap = { apiVersion: 'v1', kind: 'ConfigMap' };
const widget = { apiVersion: 'example.io/v1', kind: 'Widget' };

function setup(options: { failLists?: boolean } = {}) {
  const clock = new FakeClock();
  const lookups: string[] = [];
  const informers = new SharedInformerFactory({
    listerWatcherFor: (): ListerWatcher => {
      if (options.failLists === true) return forbidden;
      return new FakeListerWatcher();
    },
    informerOptions: { clock },
  });
  const mapper = {
    resourceForObject: (o: KubeObject) => {
      const key = `${o.apiVersion ?? ''}|${o.kind ?? ''}`;
      lookups.push(key);
      const gvr = RESOURCES[key];
      return gvr ? Promise.resolve(gvr) : Promise.reject(new Error(`no kind ${key}`));
    },
  };
  const stop = new AbortController();
  const running = informers.start(stop.signal);
  const children = new ChildInformers({ mapper, informers, signal: stop.signal, clock, syncWaitMs: 50 });
  return { children, informers, lookups, clock, stop, running };
}

describe('ChildInformers', () => {
  it('starts watching a type a reconcile rendered, once, however many reconciles render it', async () => {
    const { children, informers, lookups, stop, running } = setup();
    const watched: Informer[] = [];
    children.subscribe((informer) => watched.push(informer));
    const ensured = await Promise.all([children.ensure([configMap]), children.ensure([configMap])]);
    assert.deepEqual(ensured, [true, true], 'both renders named a type that was not watched');
    assert.deepEqual(lookups, ['v1|ConfigMap']);
    assert.equal(informers.size, 1);
    const informer = children.get('v1', 'ConfigMap');
    assert.ok(informer !== undefined && informer.hasSynced());
    assert.deepEqual(watched, [informer]);
    assert.match(informer.name, new RegExp(`configmaps\\|\\|${MANAGED_SELECTOR}`));
    assert.equal(await children.ensure([configMap]), false, 'a watched type is not new');
    stop.abort();
    await running;
  });

  it('records cluster-scoped types and releases every lease when the box stops', async () => {
    const { children, informers, stop, running } = setup();
    await children.acquireAll([configMap]);
    assert.equal(await children.ensure([configMap, widget]), true);
    assert.deepEqual([...children.clusterScoped], ['example.io/v1|Widget']);
    assert.equal(informers.size, 2);
    children.release();
    assert.equal(informers.size, 0);
    assert.equal(children.get('v1', 'ConfigMap'), undefined);
    stop.abort();
    await running;
  });

  it('requeues quietly while a new type has not synced, and fails for a kind the server does not serve', async () => {
    const { children, clock, stop, running } = setup({ failLists: true });
    const pending = children.ensure([configMap]);
    await settle();
    clock.advance(50);
    await assert.rejects(pending, (e) => e instanceof PendingError && /ConfigMap \(v1\)/.test(e.message));
    await assert.rejects(children.ensure([{ apiVersion: 'v1', kind: 'Nope' }]), /no kind v1\|Nope/);
    stop.abort();
    await running;
  });
});
