/**
 * The cluster of an integration test: the one the global setup started or found (KUBECONFIG),
 * and a namespace of its own for each test, deleted when the test ends.
 */
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { TestClient } from './test-client.ts';

let shared: TestClient | undefined;

/** The client of the test cluster; fails clearly when the run has no cluster. */
export function testCluster(): TestClient {
  const kubeconfig = process.env['KUBECONFIG'];
  if (!kubeconfig) {
    throw new Error(
      'integration tests need a cluster: run them with `npm run test:all` (it starts one), or set KUBECONFIG',
    );
  }
  shared ??= new TestClient(kubeconfig);
  return shared;
}

/** Creates a namespace for this test (named after it) and deletes it when the test ends. */
export async function testNamespace(t: TestContext): Promise<string> {
  const client = testCluster();
  const slug = t.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-|-$/g, '');
  const name = `t-${slug}-${randomBytes(3).toString('hex')}`;
  await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  t.after(async () => {
    await client.delete(`/api/v1/namespaces/${name}`);
  });
  return name;
}

/** Closes the shared client so the test process can exit. Call in a file-level `after`. */
export function closeTestCluster(): void {
  shared?.close();
  shared = undefined;
}
