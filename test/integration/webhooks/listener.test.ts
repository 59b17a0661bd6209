/**
 * The webhook listener on the real control plane: the API server calls it at its loopback URL, trusts
 * it through the registered caBundle, shows a denial's message to the client, and the configuration is
 * gone after a clean stop with cleanupOnShutdown. A feature made for the test denies ConfigMaps named
 * `denied-…` in the test's namespace only.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createKubeClient, loadClusterConfig } from '../../../src/kube/index.ts';
import { silentLogger } from '../../../src/observability/index.ts';
import {
  certificateNames,
  ephemeralCertificates,
  WebhookRuntime,
  type WebhookEndpoint,
} from '../../../src/webhooks/index.ts';
import { closeTestCluster, testCluster, testNamespace } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { denyConfigMaps } from './deny-configmaps.ts';

after(closeTestCluster);

test('the API server calls the listener, and a clean stop removes the configuration', async (t) => {
  const ns = await testNamespace(t);
  const client = createKubeClient(await loadClusterConfig({ env: process.env }));
  const endpoint: WebhookEndpoint = { kind: 'url', host: '127.0.0.1' };
  const runtime = new WebhookRuntime({
    client,
    features: [denyConfigMaps(ns)],
    certificates: ephemeralCertificates({
      ...certificateNames(endpoint),
      validForMs: 3_600_000,
      now: () => new Date(),
    }),
    endpoint,
    listen: { port: 0, host: '127.0.0.1' },
    cleanupOnShutdown: true,
    logger: silentLogger,
  });
  const controller = new AbortController();
  const running = runtime.start(controller.signal);
  t.after(() => {
    controller.abort();
  });
  await eventually(() => runtime.ready(), { what: 'the webhooks registered', timeoutMs: 15_000 });
  const cluster = testCluster();
  const configMaps = `/api/v1/namespaces/${ns}/configmaps`;
  const make = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  // the API server may take a moment to see a new configuration
  const denied = await eventually(
    async () => {
      const res = await cluster.send('POST', configMaps, make('denied-one'));
      return res.status === 403 ? res : undefined;
    },
    { what: 'the denial', timeoutMs: 10_000 },
  );
  assert.match(JSON.stringify(denied.body), /no denied-one here/);
  assert.equal((await cluster.send('POST', configMaps, make('allowed'))).status, 201);
  assert.equal((await cluster.get(`${configMaps}/denied-one`)).status, 404);
  controller.abort();
  await running;
  const config = `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/orkestra-test-${ns}`;
  assert.equal((await cluster.get(config)).status, 404);
  await client.transport.close();
});
