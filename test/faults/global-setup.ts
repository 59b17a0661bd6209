/**
 * Global setup of `npm run test:faults`: the fault cluster (`faults`, with the API server's audit
 * log), started from the build cache (built the first time) or reused when it already runs with an
 * audit log; stopped at the end if this run started it, unless ORK_KEEP_CLUSTER=1. Never the shared
 * `default` cluster: these tests stop and restart its components.
 */
import { devClusterTools } from '../../src/app/index.ts';
import { faultClusterConfig } from './cluster.ts';

const { down, startDevCluster } = await devClusterTools();

let startedHere = false;

export async function globalSetup(): Promise<void> {
  const started = Date.now();
  const result = await startDevCluster(faultClusterConfig(), {
    onBuild: (p) => {
      if (p.phase !== 'cached')
        process.stderr.write(
          `[faults] building ${p.component}: ${p.phase} ${Math.round(p.elapsedMs / 1000)}s\n`,
        );
    },
  });
  startedHere = !result.alreadyRunning;
  const how = result.alreadyRunning
    ? 'reusing the running fault cluster'
    : `fault cluster up in ${((Date.now() - started) / 1000).toFixed(1)}s`;
  process.stderr.write(`[faults] ${how}: KUBECONFIG=${result.state.kubeconfig}\n`);
}

export async function globalTeardown(): Promise<void> {
  if (!startedHere || process.env['ORK_KEEP_CLUSTER'] === '1') return;
  await down(faultClusterConfig().layout);
}
