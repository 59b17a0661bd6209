// The Control Center benches' workload: one `ork run` with one box in which a Ticket keeps a ConfigMap,
// --count Tickets created and then changed all at once. Shared so that the stream bench and the UI
// bench measure the same thing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubeClient, loadClusterConfig, type GroupVersionResource } from '../../src/kube/index.ts';
import type { KubeClient } from '../../src/kube/index.ts';
import { crdOf, deleteAll, ensureNamespaces, installCrds, RESOURCES, runPool } from './kube.ts';
import { staleBuild, startOrk, stopOrk, waitReady, type OrkProcess } from './ork.ts';

/** One bench's Tickets: its own group and namespace, so two benches never share objects. */
export interface Tickets {
  readonly client: KubeClient;
  readonly ork: OrkProcess;
  /** Changes every Ticket's `spec.rev` at once and waits until every status shows the new generation. */
  updateAll(rev: string): Promise<void>;
  /** Stops the runtime and removes the Tickets, their namespace and the CRD. */
  close(): Promise<void>;
}

/** A flag `--name=value` of the bench's command line. */
export const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** Installs the CRD, starts `ork run` and creates `count` converged Tickets; exits when the build is stale. */
export async function startTickets(bench: string, count: number): Promise<Tickets> {
  const stale = staleBuild();
  if (stale !== undefined) {
    console.error(stale);
    process.exit(1);
  }
  const ns = `bench-${bench}`;
  const names = {
    group: `${bench.replaceAll('-', '')}.bench.orkestra.dev`,
    kind: 'Ticket',
    plural: 'tickets',
  };
  const tickets: GroupVersionResource = {
    group: names.group,
    version: 'v1',
    resource: 'tickets',
    namespaced: true,
  };
  const client = createKubeClient(await loadClusterConfig({ env: process.env }), { version: 'bench' });
  const name = (i: number): string => `t-${String(i).padStart(5, '0')}`;
  const dir = mkdtempSync(join(tmpdir(), `ork-bench-${bench}-`));
  const katalog = join(dir, 'katalog.yaml');
  writeFileSync(katalog, katalogOf(bench, names.group, ns));
  await installCrds(client, [crdOf(names)]);
  await ensureNamespaces(client, [ns]);
  const ork = await startOrk({
    katalog,
    kubeconfig: process.env['KUBECONFIG'] ?? '',
    logFile: join(dir, 'ork.log'),
  });

  const converged = async (rev: string): Promise<void> => {
    for (;;) {
      const list = await client.list(tickets, { namespace: ns });
      const done = list.items.filter((t) => {
        const status = t['status'] as { observedGeneration?: number } | undefined;
        return (
          (t['spec'] as { rev?: string }).rev === rev && status?.observedGeneration === t.metadata?.generation
        );
      });
      if (done.length === count) return;
      await delay(250);
    }
  };
  const close = async (): Promise<void> => {
    await stopOrk(ork);
    // the operator is gone: release its finalizers, or the namespace would never go
    const left = await client.list(tickets, { namespace: ns });
    for (const t of left.items) {
      const patch = { metadata: { finalizers: null } };
      await client.patch(tickets, t.metadata?.name ?? '', { namespace: ns, patch });
    }
    await deleteAll(client, RESOURCES.namespaces, [ns]);
    await deleteAll(client, RESOURCES.crds, [`${names.plural}.${names.group}`]);
    rmSync(dir, { recursive: true, force: true });
    await client.transport.close();
  };
  try {
    await waitReady(ork);
    await runPool(count, 50, (i) =>
      client.create(tickets, {
        apiVersion: `${names.group}/v1`,
        kind: 'Ticket',
        metadata: { name: name(i), namespace: ns },
        spec: { rev: 'r0' },
      }),
    );
    await converged('r0');
  } catch (error) {
    await close();
    throw error;
  }
  return {
    client,
    ork,
    updateAll: async (rev) => {
      await runPool(count, 50, (i) =>
        client.patch(tickets, name(i), { namespace: ns, patch: { spec: { rev } } }),
      );
      await converged(rev);
    },
    close,
  };
}

function katalogOf(bench: string, group: string, ns: string): string {
  return `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-${bench}
spec:
  crds:
    ticket:
      apiTypes: {group: ${group}, version: v1, kind: Ticket, plural: tickets}
      namespaces: [${ns}]
      workers: 4
      operatorBox:
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}"
              data: {rev: "{{ .spec.rev }}"}
`;
}
