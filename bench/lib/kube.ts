// Cluster helpers of the run-* benches, all through src/kube: resources, CRDs (create, wait until
// established, delete), a bounded pool of concurrent calls, a list+watch that keeps a callback fed,
// and percentiles.
import { setTimeout as delay } from 'node:timers/promises';
import { isConflict, isNotFound, watchResource } from '../../src/kube/index.ts';
import type { GroupVersionResource, KubeClient, KubeObject, WatchEvent } from '../../src/kube/index.ts';

const core = (resource: string, namespaced = true): GroupVersionResource => ({
  group: '',
  version: 'v1',
  resource,
  namespaced,
});

/** The resources the benches touch. */
export const RESOURCES = {
  crds: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    namespaced: false,
  },
  namespaces: core('namespaces', false),
  configmaps: core('configmaps'),
  services: core('services'),
  deployments: { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true },
} satisfies Record<string, GroupVersionResource>;

/** A namespaced CRD with an open schema and a status subresource. */
export function crdOf(names: { group: string; kind: string; plural: string }): KubeObject {
  const singular = names.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${names.plural}.${names.group}` },
    spec: {
      group: names.group,
      scope: 'Namespaced',
      names: { plural: names.plural, singular, kind: names.kind, listKind: `${names.kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

function isEstablished(crd: KubeObject): boolean {
  const status = crd['status'] as { conditions?: { type: string; status: string }[] } | undefined;
  return status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
}

/** Creates (or takes over) CRDs and waits until each is established. */
export async function installCrds(client: KubeClient, crds: readonly KubeObject[]): Promise<void> {
  const apply = { force: true, fieldManager: 'orkestra-bench' };
  await Promise.all(crds.map((crd) => client.apply(RESOURCES.crds, crd, apply)));
  for (const crd of crds) {
    const name = crd.metadata?.name ?? '';
    while (!isEstablished(await client.get(RESOURCES.crds, name))) await delay(100);
  }
}

/** Deletes objects by name, ignoring those already gone. */
export async function deleteAll(
  client: KubeClient,
  gvr: GroupVersionResource,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    await client.delete(gvr, name).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

/** Creates namespaces that do not exist yet. */
export async function ensureNamespaces(client: KubeClient, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await client
      .create(RESOURCES.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
      .catch((error: unknown) => {
        if (!isConflict(error)) throw error;
      });
  }
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; rejects on the first failure. */
export async function runPool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * Lists `gvr` in all namespaces, then watches it from the list's resourceVersion, calling
 * `onEvent` for each listed object (as ADDED) and each watch event, until `signal` aborts; a
 * watch that ends or fails is listed and watched again after a short pause.
 */
export async function listAndWatch(
  client: KubeClient,
  gvr: GroupVersionResource,
  onEvent: (event: WatchEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const stopped = (): boolean => signal.aborted;
  while (!stopped()) {
    try {
      const list = await client.listAll(gvr, {});
      for (const object of list.items) onEvent({ type: 'ADDED', object });
      const events = watchResource(client, gvr, { resourceVersion: list.resourceVersion, signal });
      for await (const event of events) onEvent(event);
    } catch {
      if (!stopped()) await delay(200);
    }
  }
}

/** The nearest-rank percentile `q` (0–1) of unsorted samples. */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** `namespace/name` of an object. */
export function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}
