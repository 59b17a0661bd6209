/**
 * Leader election for `ork run --leader-elect` (or LEADER_ELECT=true): the elector on the Lease
 * `orkestra-<katalog>`, the write fence every box's client checks, and the logs and metrics of
 * each change of leadership.
 */
import { hostname } from 'node:os';
import type { KubeClient } from '../../kube/index.ts';
import type { Logger, RuntimeMetrics } from '../../observability/index.ts';
import type { LeaderView } from '../../server/index.ts';
import {
  DEFAULT_LEADER_TIMINGS,
  KubeLeaseStore,
  LeaderElector,
  NotLeaderError,
  timingsProblem,
  type LeaderEvent,
  type LeaderTimings,
} from '../../runtime/index.ts';
import { parseDurationMs } from '../../util/index.ts';

/** What the run command asked for. */
export interface LeaderElectionSettings {
  timings: LeaderTimings;
}

/**
 * The settings from the flags and the environment: on with `--leader-elect` or LEADER_ELECT=true,
 * durations as Go durations (`15s`). @throws Error when a duration does not parse or the three do
 * not hold lease > renew deadline > retry period.
 */
export function leaderElectionSettings(
  flags: { leaderElect?: boolean; leaseDuration?: string; renewDeadline?: string; retryPeriod?: string },
  env: Record<string, string | undefined>,
): LeaderElectionSettings | undefined {
  if (flags.leaderElect !== true && env['LEADER_ELECT']?.toLowerCase() !== 'true') return undefined;
  const duration = (text: string | undefined, name: string, fallback: number): number => {
    if (text === undefined) return fallback;
    const ms = parseDurationMs(text);
    if (ms === undefined || ms <= 0) throw new Error(`--leader-elect-${name}: not a duration: ${text}`);
    return ms;
  };
  const d = DEFAULT_LEADER_TIMINGS;
  const timings = {
    leaseDurationMs: duration(flags.leaseDuration, 'lease-duration', d.leaseDurationMs),
    renewDeadlineMs: duration(flags.renewDeadline, 'renew-deadline', d.renewDeadlineMs),
    retryPeriodMs: duration(flags.retryPeriod, 'retry-period', d.retryPeriodMs),
  };
  const problem = timingsProblem(timings);
  if (problem !== undefined) throw new Error(`leader election: ${problem}`);
  return { timings };
}

/** This replica's identity: the host (the pod's name in a cluster) and a random suffix, as client-go. */
export function leaderIdentity(env: Record<string, string | undefined>): string {
  const host = env['HOSTNAME'] || hostname();
  return `${host}_${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

/**
 * The Lease's namespace: the pod's (its service account's) in a cluster, else `--namespace`, else
 * the kubeconfig context's (which is `default` when it names none).
 */
export function leaseNamespace(options: {
  env: Record<string, string | undefined>;
  kubeconfig: string | undefined;
  namespace: string | undefined;
  configNamespace: string;
}): string {
  const { env } = options;
  const inCluster =
    Boolean(env['KUBERNETES_SERVICE_HOST']) &&
    Boolean(env['KUBERNETES_SERVICE_PORT']) &&
    options.kubeconfig === undefined &&
    !env['KUBECONFIG'];
  if (inCluster) return options.configNamespace;
  return options.namespace ?? options.configNamespace;
}

/** The elector of a run, and the fenced client every writer of the run uses. */
export function leaderElection(parts: {
  client: KubeClient;
  katalogName: string;
  namespace: string;
  identity: string;
  settings: LeaderElectionSettings;
  metrics: RuntimeMetrics;
  logger: Logger;
}): { elector: LeaderElector; fenced: KubeClient } {
  const { client, metrics, logger } = parts;
  const name = `orkestra-${parts.katalogName}`;
  // The Lease is the one write a follower makes: its store uses the client without the fence.
  const store = new KubeLeaseStore({ client, name, namespace: parts.namespace });
  metrics.leaderIsLeader.set({}, 0);
  const elector = new LeaderElector({
    store,
    identity: parts.identity,
    timings: parts.settings.timings,
    onEvent: (event) => {
      onLeaderEvent(event, { metrics, logger, lease: `${parts.namespace}/${name}` });
    },
  });
  const fenced = client.fenced((request) => {
    if (!elector.mayWrite()) throw new NotLeaderError(`${request.method} ${request.path}`);
  });
  logger.info('leader election: campaigning', {
    lease: `${parts.namespace}/${name}`,
    identity: parts.identity,
  });
  return { elector, fenced };
}

function onLeaderEvent(
  event: LeaderEvent,
  out: { metrics: RuntimeMetrics; logger: Logger; lease: string },
): void {
  const { metrics, logger, lease } = out;
  switch (event.type) {
    case 'acquired':
      metrics.leaderIsLeader.set({}, 1);
      metrics.leaderTransitions.inc();
      logger.info('leader election: acquired the lease, starting workers', {
        lease,
        identity: event.identity,
        leaseTransitions: event.transitions,
      });
      return;
    case 'lost':
      metrics.leaderIsLeader.set({}, 0);
      metrics.leaderTransitions.inc();
      logger.warn('leader election: lost the lease, writes fenced, workers stopping', {
        lease,
        identity: event.identity,
        reason: event.reason,
      });
      return;
    case 'released':
      logger.info('leader election: released the lease', { lease, identity: event.identity });
      return;
    case 'holder':
      logger.info('leader election: following', { lease, holder: event.holder });
  }
}

/** `/katalog`'s `leader` of a run without leader election. */
export const NO_LEADER_ELECTION: LeaderView = Object.freeze({
  enabled: false,
  isLeader: true,
  identity: undefined,
  holder: undefined,
  since: undefined,
});
