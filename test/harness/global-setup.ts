/**
 * Global setup of `npm run test:all`: one control plane for the whole run. A cluster that
 * KUBECONFIG already reaches is reused (and left running); otherwise the dev cluster is started
 * (built into the cache the first time) and, if this run started it, stopped at the end unless
 * ORK_KEEP_CLUSTER=1.
 */
import { devClusterTools } from '../../src/app/index.ts';

const { devClusterConfig, startDevCluster } = await devClusterTools();
import { down } from '../../src/devcluster/index.ts';
import { TestClient } from './test-client.ts';

let startedHere = false;

export async function globalSetup(): Promise<void> {
  const existing = process.env['KUBECONFIG'];
  if (existing && (await isHealthy(existing))) {
    process.stderr.write(`[test] using the cluster of KUBECONFIG=${existing}\n`);
    return;
  }
  const started = Date.now();
  const result = await startDevCluster(devClusterConfig(process.env), {
    onBuild: (p) => {
      if (p.phase !== 'cached')
        process.stderr.write(
          `[test] building ${p.component}: ${p.phase} ${Math.round(p.elapsedMs / 1000)}s\n`,
        );
    },
  });
  startedHere = !result.alreadyRunning;
  process.env['KUBECONFIG'] = result.state.kubeconfig;
  const how = result.alreadyRunning
    ? 'reusing the running dev cluster'
    : `dev cluster up in ${((Date.now() - started) / 1000).toFixed(1)}s`;
  process.stderr.write(`[test] ${how}: KUBECONFIG=${result.state.kubeconfig}\n`);
}

export async function globalTeardown(): Promise<void> {
  if (!startedHere || process.env['ORK_KEEP_CLUSTER'] === '1') return;
  await down(devClusterConfig(process.env).layout);
}

async function isHealthy(kubeconfig: string): Promise<boolean> {
  const client = new TestClient(kubeconfig);
  try {
    return (await client.get('/readyz')).status === 200;
  } catch {
    return false;
  } finally {
    client.close();
  }
}
