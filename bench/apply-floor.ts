// The API server's floor under drift correction: how long the API server takes to create a Site's
// Deployment by server-side apply (what the spec has Orkestra write with, `PATCH
// application/apply-patch+yaml`, field manager `orkestra`) and by a plain create (`POST`, what
// controller-runtime's CreateOrUpdate sends), measured from the client, interleaved, on the cluster in
// KUBECONFIG. The yardstick's drift latency (a child deleted → recreated, seen by a watch) contains one
// such call; the difference of the two is the part of that latency no operator using server-side apply
// can remove. Prints figures, asserts nothing; creates and deletes its own Deployments in `default`. Run:
//   source scripts/node-env.sh && node bench/apply-floor.ts [--samples=50]
import { createKubeClient, loadClusterConfig } from '../src/kube/index.ts';
import type { KubeObject } from '../src/kube/index.ts';
import { percentile } from './lib/kube.ts';

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SAMPLES = Number(flag('samples') ?? 50);
const NAMESPACE = 'default';

const deployments = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };

/** A Deployment shaped like one a Site's operator makes. */
function deploymentNamed(name: string): KubeObject {
  const labels = { 'app.kubernetes.io/managed-by': 'apply-floor', 'orkestra.orkspace.io/instance': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'orkestra.orkspace.io/instance': name } },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

const config = await loadClusterConfig({ env: process.env });
const client = createKubeClient(config);
const times = { apply: [] as number[], create: [] as number[] };
const send = {
  apply: (object: KubeObject) => client.apply(deployments, object, { force: true, fieldManager: 'orkestra' }),
  create: (object: KubeObject) => client.create(deployments, object, { fieldManager: 'orkestra' }),
};
try {
  for (let i = 0; i < SAMPLES; i++) {
    for (const verb of i % 2 === 0 ? (['apply', 'create'] as const) : (['create', 'apply'] as const)) {
      const name = `apply-floor-${verb}-${i}`;
      const started = performance.now();
      await send[verb](deploymentNamed(name));
      times[verb].push(performance.now() - started);
      await client.delete(deployments, name, { namespace: NAMESPACE });
    }
  }
  console.log(`a Site's Deployment created ${SAMPLES} times each way, interleaved (client-side ms):`);
  for (const verb of ['apply', 'create'] as const) {
    const samples = times[verb];
    const label = verb === 'apply' ? 'server-side apply (PATCH)' : 'create (POST)';
    console.log(
      `  ${label.padEnd(26)} p50 ${percentile(samples, 0.5).toFixed(1)}  p99 ${percentile(samples, 0.99).toFixed(1)}`,
    );
  }
  const gap = (q: number): string => (percentile(times.apply, q) - percentile(times.create, q)).toFixed(1);
  console.log(`  apply − create             p50 ${gap(0.5)}  p99 ${gap(0.99)}`);
} finally {
  await client.transport.close();
}
