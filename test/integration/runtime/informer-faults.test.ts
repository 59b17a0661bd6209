/**
 * Fault tests of the runtime's informer on the kube layer's ListerWatcher, against real API
 * servers: a forced 410 Gone (the watch resumes from an expired resourceVersion and the server
 * answers ERROR/410), and a kube-apiserver restart mid-watch on a second cluster of its own. In
 * both, the cache the handlers build must end equal to the server's objects, and every change
 * made while the watch was away must reach the handlers.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { devClusterTools } from '../../../src/app/index.ts';

const { devClusterConfig, startDevCluster } = await devClusterTools();
import { down, restartComponent } from '../../../src/devcluster/index.ts';
import { createKubeClient, createListerWatcher, loadClusterConfig } from '../../../src/kube/index.ts';
import type {
  GroupVersionResource,
  KubeClient,
  KubeObject,
  ListerWatcher,
  ListOptions,
  WatchEvent,
} from '../../../src/kube/index.ts';
import { Informer } from '../../../src/runtime/index.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { TestClient } from '../../harness/test-client.ts';

const configmaps: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespaced: true,
};

after(() => {
  closeTestCluster();
});

/** What the handlers saw: a model of the cache built only from events, and their log. */
interface Seen {
  objects: Map<string, { rv: string; data: unknown }>;
  log: string[];
}

function recordHandlers(informer: Informer): Seen {
  const seen: Seen = { objects: new Map(), log: [] };
  const keep = (o: KubeObject): void => {
    seen.objects.set(o.metadata?.name ?? '', { rv: o.metadata?.resourceVersion ?? '', data: o['data'] });
  };
  informer.addHandler({
    onAdd: (o) => {
      keep(o);
      seen.log.push(`add ${o.metadata?.name}`);
    },
    onUpdate: (_old, o) => {
      keep(o);
      seen.log.push(`update ${o.metadata?.name}`);
    },
    onDelete: (o) => {
      seen.objects.delete(o.metadata?.name ?? '');
      seen.log.push(`delete ${o.metadata?.name}`);
    },
  });
  return seen;
}

interface ConfigMapList {
  metadata: { resourceVersion: string };
  items: { metadata: { name: string; resourceVersion: string }; data?: unknown }[];
}

/** Resolves once what the handlers saw equals the server's objects (names, resourceVersions, data). */
async function untilEqualToServer(writer: TestClient, ns: string, seen: Seen): Promise<void> {
  await eventually(
    async () => {
      const list = (
        await writer.get<ConfigMapList>(
          `/api/v1/namespaces/${ns}/configmaps?labelSelector=${encodeURIComponent(OWN.selector)}`,
        )
      ).body;
      const server = new Map(
        list.items.map((i) => [i.metadata.name, { rv: i.metadata.resourceVersion, data: i.data }]),
      );
      assert.deepEqual(new Map([...seen.objects].sort()), new Map([...server].sort()));
      return true;
    },
    { what: 'the handlers to have seen every object as the server has it', timeoutMs: 60_000 },
  );
}

/**
 * The test's own ConfigMaps carry this label, and the informers and checks select on it: the
 * controller manager publishes `kube-root-ca.crt` into every new namespace whenever it gets to it,
 * which may be in the middle of a test.
 */
const OWN = { label: 'orkestra.test/informer-faults', selector: 'orkestra.test/informer-faults=yes' };

const configMap = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels: { [OWN.label]: 'yes' } },
  data,
});

function startInformer(lw: ListerWatcher): { informer: Informer; seen: Seen; stop: () => Promise<void> } {
  const informer = new Informer(lw, { name: 'faults', initialBackoffMs: 200, maxBackoffMs: 2000 });
  const seen = recordHandlers(informer);
  const controller = new AbortController();
  const running = informer.start(controller.signal);
  return {
    informer,
    seen,
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

/**
 * A ListerWatcher around the real one that lets the test cut the current watch, hold the next
 * one back, and make it resume from another resourceVersion. Records the error each watch ended with.
 */
class ControlledWatch implements ListerWatcher {
  readonly watchErrors: string[] = [];
  readonly resumedFrom: string[] = [];
  readonly #inner: ListerWatcher;
  #cut = new AbortController();
  #held: Promise<void> = Promise.resolve();
  #release: () => void = () => undefined;
  #nextResourceVersion: string | undefined;

  constructor(inner: ListerWatcher) {
    this.#inner = inner;
  }

  list(options: ListOptions, signal?: AbortSignal) {
    return this.#inner.list(options, signal);
  }

  async *watch(options: ListOptions, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    await Promise.race([this.#held, aborted(signal)]);
    if (signal.aborted) return;
    const resourceVersion = this.#nextResourceVersion ?? options.resourceVersion;
    this.#nextResourceVersion = undefined;
    this.resumedFrom.push(resourceVersion ?? '');
    this.#cut = new AbortController();
    try {
      yield* this.#inner.watch({ ...options, resourceVersion }, AbortSignal.any([signal, this.#cut.signal]));
    } catch (error) {
      this.watchErrors.push(error instanceof Error ? error.name : String(error));
      throw error;
    }
  }

  /** Ends the current watch and holds the next one until {@link resume}. */
  cutAndHold(): void {
    this.#held = new Promise((resolve) => {
      this.#release = resolve;
    });
    this.#cut.abort();
  }

  /** Lets the held watch start, from `resourceVersion` if given. */
  resume(resourceVersion?: string): void {
    this.#nextResourceVersion = resourceVersion;
    this.#release();
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    signal.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
}

async function kubeClientFor(kubeconfig: string | undefined): Promise<KubeClient> {
  const env = { KUBECONFIG: kubeconfig };
  return createKubeClient(await loadClusterConfig({ env }));
}

test(
  'an informer that must resume from an expired resourceVersion relists and sees every change it missed',
  { timeout: 120_000 },
  async (t) => {
    const ns = await testNamespace(t);
    const writer = testCluster();
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    for (const name of ['a', 'b', 'c']) await writer.create(path, configMap(name, { v: '1' }));
    const client = await kubeClientFor(process.env['KUBECONFIG']);
    const lw = new ControlledWatch(
      createListerWatcher(client, configmaps, { namespace: ns, labelSelector: OWN.selector }),
    );
    const { informer, seen, stop } = startInformer(lw);
    t.after(async () => {
      await stop(); // first: the transport's close waits for open watches
      await client.transport.close();
    });
    assert.equal(await informer.waitForSync(), true);
    await writer.create(path, configMap('d', { v: '1' }));
    await untilEqualToServer(writer, ns, seen);

    lw.cutAndHold();
    await writer.send('PUT', `${path}/a`, configMap('a', { v: '2' }));
    await writer.delete(`${path}/b`);
    await writer.create(path, configMap('e', { v: '1' }));
    seen.log.length = 0;
    lw.resume('1'); // long compacted and older than the watch cache: the server answers 410

    await untilEqualToServer(writer, ns, seen);
    assert.ok(lw.watchErrors.includes('GoneError'), `watch errors: ${lw.watchErrors.join(', ')}`);
    assert.ok(lw.resumedFrom.includes('1'));
    assert.equal(informer.health().lists, 2, 'one relist after the 410');
    assert.deepEqual([...seen.log].sort(), ['add e', 'delete b', 'update a']);

    await writer.create(path, configMap('f', { v: '1' }));
    await untilEqualToServer(writer, ns, seen);
    assert.equal(informer.health().lists, 2, 'watching again after the relist, without another list');
  },
);

test(
  'an informer sees every change across a kube-apiserver restart (on a cluster of its own)',
  { timeout: 300_000 },
  async (t) => {
    const config = devClusterConfig(process.env, { name: 'informer-faults', portBase: 17463 });
    const cleanup: (() => unknown)[] = [() => down(config.layout)];
    t.after(async () => {
      for (const step of cleanup.reverse()) await step();
    });
    const { state } = await startDevCluster(config);
    const writer = new TestClient(state.kubeconfig);
    cleanup.push(() => {
      writer.close();
    });
    const ns = 'faults';
    await writer.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    for (const name of ['a', 'b']) await writer.create(path, configMap(name, { v: '1' }));
    const client = await kubeClientFor(state.kubeconfig);
    cleanup.push(() => client.transport.close());
    const { informer, seen, stop } = startInformer(
      createListerWatcher(client, configmaps, { namespace: ns, labelSelector: OWN.selector }),
    );
    cleanup.push(stop);
    assert.equal(await informer.waitForSync(), true);
    await writer.create(path, configMap('c', { v: '1' }));
    await untilEqualToServer(writer, ns, seen);

    seen.log.length = 0;
    await restartComponent(config.layout, 'kube-apiserver', {
      whileStopped: async () => {
        await eventually(() => informer.health().disconnectedSince !== undefined, {
          what: 'the informer to notice the API server is gone',
          timeoutMs: 30_000,
        });
      },
    });
    // Right after the restart, before the informer's backoff lets it reconnect.
    await writer.send('PUT', `${path}/a`, configMap('a', { v: '2' }));
    await writer.delete(`${path}/b`);
    await writer.create(path, configMap('d', { v: '1' }));

    await untilEqualToServer(writer, ns, seen);
    const health = informer.health();
    assert.deepEqual([...seen.log].sort(), ['add d', 'delete b', 'update a'], `lists: ${health.lists}`);
    assert.equal(health.disconnectedSince, undefined);
    assert.equal(informer.ready(), true);
    t.diagnostic(`after the restart: ${health.lists} list(s), ${health.watches} watch(es)`);
  },
);
