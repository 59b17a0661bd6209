/**
 * `ork run`: every enabled CRD of the Katalog as an operator box in this one process, sharing one
 * connection pool, one informer per child kind, one metrics registry and one HTTP API.
 */
import {
  createKubeClient,
  createListerWatcher,
  EventRecorder,
  loadClusterConfig,
  RestMapper,
  type KubeClient,
} from '../../kube/index.ts';
import { createLogger, RuntimeMetrics, type Logger, type LogLevel } from '../../observability/index.ts';
import {
  deepFreeze,
  HeapSettler,
  Manager,
  ORKESTRA_OWNER_INDEX,
  OperatorBox,
  ownerIndexOf,
  SharedInformerFactory,
  Stage,
  type Runnable,
} from '../../runtime/index.ts';
import { ApiServer, type LeaderView } from '../../server/index.ts';
import { applyFiles, installCrds } from './dev-mode.ts';
import {
  leaderElection,
  leaderIdentity,
  leaseNamespace,
  NO_LEADER_ELECTION,
  type LeaderElectionSettings,
} from './leader-election.ts';
import type { Permissions } from '../../bundle/index.ts';
import type { Plan } from '../../plan/index.ts';
import { permissionProblems } from './run-permissions.ts';
import type { RunInput } from './run-input.ts';
import { runtimeView } from './runtime-view.ts';
import { effectiveSecurity, webhookRunnable, type WebhookSettings } from './run-webhooks.ts';

/** Settings of `ork run`, read once by the CLI. */
export interface RunSettings {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  /** Namespace for crFiles objects that name none (--dev). @default 'default' */
  namespace?: string | undefined;
  /** HTTP API port; 0 picks a free one. @default 8080 */
  port: number;
  /** Apply crdFile before and crFiles after starting. */
  dev: boolean;
  /** --dev: apply a crdFile even when it breaks the objects stored under the live CRD. */
  force?: boolean | undefined;
  logLevel: LogLevel;
  env: Record<string, string | undefined>;
  version: string;
  /**
   * Deep-freeze cached objects, so that code writing to one throws (tests). Off by default: the
   * freeze walks every object of every watch event, and nothing in the runtime writes to them.
   */
  freezeCaches?: boolean | undefined;
  /** The webhook listener, when the Katalog's security turns one on. @default port 9443 */
  webhooks?: WebhookSettings | undefined;
  /**
   * A watch silent this long is cut and restarted, and its boxes are not ready meanwhile.
   * @default DEFAULT_WATCH_INACTIVITY_MS (70 s)
   */
  watchInactivityMs?: number | undefined;
  /** Leader election (`--leader-elect`): only the Lease's holder runs workers and writes. @default off */
  leaderElection?: LeaderElectionSettings | undefined;
  /**
   * Start even when the start-up check finds permissions missing (`--allow-missing-permissions`):
   * the boxes that need them are degraded, their health naming each. @default false: refuse to start
   */
  allowMissingPermissions?: boolean | undefined;
  /** The permissions the run needs, when the caller knows them (run-permissions.ts). @default none */
  requiredPermissions?: Permissions | undefined;
}

/** A running process: its boxes, API port, and a promise that settles when it has stopped. */
export interface RunningOperators {
  boxes: readonly OperatorBox[];
  port: number | undefined;
  /** The webhook listener's port, once it listens (undefined when no webhook is on). */
  webhookPort: number | undefined;
  /** Resolves with the API's port once it listens. */
  listening: Promise<number>;
  stopped: Promise<void>;
}

/** Starts the operators of a run's input (see `loadRunInput`). Stops everything when `signal` aborts. */
export async function runKatalog(
  input: Omit<RunInput, 'ok' | 'report'>,
  options: { settings: RunSettings; signal: AbortSignal },
): Promise<RunningOperators> {
  const { settings, signal } = options;
  const logger = createLogger({ level: settings.logLevel });
  const metrics = new RuntimeMetrics().withProcessMetrics();
  const identity = settings.leaderElection ? leaderIdentity(settings.env) : undefined;
  const { client, configNamespace } = await connect(settings, { metrics, identity }, input.kubeconfigs);
  const missing = await permissionProblems(input, { settings, client, configNamespace, logger, signal });
  const webhooks = await webhooksOf(input, { settings, client, logger, metrics });
  const mapper = new RestMapper(client);
  if (settings.dev) await installDevCrds(client, { files: input.crdFiles, force: settings.force }, logger);
  const informers = sharedInformers(client, settings, logger);
  const context = { settings, client, configNamespace, identity, metrics, logger };
  const election = electionOf(input.katalogName, context);
  const shared = boxDependencies({ client, election, mapper, informers, metrics, logger });
  const boxes = operatorBoxes(input.plans, shared, missing);
  const leader = leaderView(election);
  const manager = new Manager();
  const view = runtimeView({ input, boxes, manager, metrics, leader });
  const server = new ApiServer(view, { port: settings.port });
  const settler = heapSettler(boxes, logger);
  addParts(manager, { webhooks, informers, election, boxes, server, settler });
  const stopped = manager.start(signal).then(() => undefined);
  const crs = { client, mapper, files: input.crFiles, logger, namespace: settings.namespace ?? 'default' };
  if (settings.dev) void applyDevCrs(crs);
  return {
    boxes,
    get port() {
      return server.port;
    },
    get webhookPort() {
      return webhooks?.port;
    },
    listening: server.listening,
    stopped,
  };
}

/** Who leads, for `/katalog`. */
function leaderView(election: ReturnType<typeof leaderElection> | undefined): () => LeaderView {
  return election ? () => ({ enabled: true, ...election.elector.status() }) : () => NO_LEADER_ELECTION;
}

/** Gives the manager every part, each in its stage. */
function addParts(
  manager: Manager,
  parts: {
    webhooks: Runnable | undefined;
    informers: SharedInformerFactory;
    election: ReturnType<typeof leaderElection> | undefined;
    boxes: readonly OperatorBox[];
    server: ApiServer;
    settler: HeapSettler | undefined;
  },
): void {
  if (parts.webhooks) manager.add(parts.webhooks, Stage.webhooks);
  manager.add(parts.informers, Stage.caches);
  // In the caches' stage, so it releases the Lease only after the boxes' workers have stopped.
  if (parts.election) manager.add(parts.election.elector, Stage.caches);
  for (const box of parts.boxes) manager.add(box, Stage.controllers);
  manager.add(parts.server, Stage.api);
  if (parts.settler) manager.add(parts.settler, Stage.servers);
}

/** What every box shares; with leader election every write of theirs (children, status, finalizers, events) is fenced. */
function boxDependencies(parts: {
  client: KubeClient;
  election: ReturnType<typeof leaderElection> | undefined;
  mapper: RestMapper;
  informers: SharedInformerFactory;
  metrics: RuntimeMetrics;
  logger: Logger;
}): Omit<ConstructorParameters<typeof OperatorBox>[1], 'peers'> {
  const { election, ...shared } = parts;
  const client = election?.fenced ?? parts.client;
  return { ...shared, client, recorder: new EventRecorder(client), leadership: election?.elector };
}

/**
 * One box per enabled Plan, each able to find every other box and Plan (cross and dependsOn name
 * them), and degraded by the permissions it misses (`missing`, by CRD key).
 */
function operatorBoxes(
  inputPlans: readonly Plan[],
  deps: Omit<ConstructorParameters<typeof OperatorBox>[1], 'peers'>,
  missing: ReadonlyMap<string, readonly string[]>,
): OperatorBox[] {
  const byKey = new Map<string, OperatorBox>();
  const plans = new Map(inputPlans.map((plan) => [plan.key, deepFreeze(plan)]));
  const peers = { plan: (key: string) => plans.get(key), box: (key: string) => byKey.get(key) };
  const boxes = [...plans.values()]
    .filter((plan) => plan.enabled)
    .map(
      (plan) => new OperatorBox(plan, { ...deps, peers, missingPermissions: missing.get(plan.key) ?? [] }),
    );
  for (const box of boxes) byKey.set(box.plan.key, box);
  return boxes;
}

/** The run's webhook listener, or undefined when its Katalog turns none on. */
function webhooksOf(
  input: Omit<RunInput, 'ok' | 'report'>,
  context: { settings: RunSettings; client: KubeClient; logger: Logger; metrics: RuntimeMetrics },
): ReturnType<typeof webhookRunnable> {
  const { settings } = context;
  return webhookRunnable({
    katalogName: input.katalogName,
    plans: input.plans,
    security: effectiveSecurity(input.security, settings.env),
    settings: settings.webhooks ?? {},
    env: settings.env,
    client: context.client,
    logger: context.logger,
    metrics: context.metrics,
  });
}

/** V8's gc, when the process was started with --expose-gc (bin/ork.js is). */
type ExposedGc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** The settler that gives a burst's heap back once every box is idle; undefined without V8's gc. */
function heapSettler(boxes: readonly OperatorBox[], logger: Logger): HeapSettler | undefined {
  const gc = (globalThis as { gc?: ExposedGc }).gc;
  if (gc === undefined) return undefined;
  const heap = () => {
    const { heapTotal, heapUsed } = process.memoryUsage();
    return { total: heapTotal, used: heapUsed };
  };
  let sampled = performance.eventLoopUtilization();
  return new HeapSettler({
    heap,
    busyFraction: () => {
      const now = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(now, sampled);
      sampled = now;
      return utilization;
    },
    quiet: () =>
      boxes.every((box) => {
        const { depth, busy } = box.load();
        return depth === 0 && busy === 0;
      }),
    collect: () => {
      const before = heap().total;
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      logger.info('heap settled', {
        fromMb: Math.round(before / 2 ** 20),
        toMb: Math.round(heap().total / 2 ** 20),
      });
    },
  });
}

/**
 * One informer per resource, namespace and selector, each cache indexed by owner labels; every
 * failure of a watch and its recovery is logged once, at this edge.
 */
function sharedInformers(
  client: KubeClient,
  settings: Pick<RunSettings, 'freezeCaches' | 'watchInactivityMs'>,
  logger: Logger,
): SharedInformerFactory {
  const freeze = settings.freezeCaches === true;
  const inactivityMs = settings.watchInactivityMs;
  const lwOptions = inactivityMs === undefined ? {} : { inactivityMs };
  return new SharedInformerFactory({
    listerWatcherFor: (gvr) => createListerWatcher(client, gvr, lwOptions),
    informerOptions: { freeze, indexers: { [ORKESTRA_OWNER_INDEX]: ownerIndexOf } },
    onWatchFailure: (informer, failure) => {
      // a 410 is routine (the relist is the cure); anything else means the cache may be behind
      const level = failure.reason === 'gone' ? 'info' : 'warn';
      logger[level](failure.listing ? 'list failed' : 'watch restarted', {
        resource: informer.resource,
        informer: informer.name,
        reason: failure.reason,
        error: failure.error instanceof Error ? failure.error.message : String(failure.error),
        retryInMs: failure.retryInMs,
      });
    },
    onWatchRecovered: (informer, downMs) => {
      logger.info('watch resumed', { resource: informer.resource, informer: informer.name, downMs });
    },
  });
}

/** The elector and the fenced client, when the run elects a leader. */
function electionOf(
  katalogName: string,
  parts: {
    settings: RunSettings;
    client: KubeClient;
    configNamespace: string;
    identity: string | undefined;
    metrics: RuntimeMetrics;
    logger: Logger;
  },
): ReturnType<typeof leaderElection> | undefined {
  const { settings, identity } = parts;
  if (settings.leaderElection === undefined || identity === undefined) return undefined;
  const namespace = leaseNamespace({
    env: settings.env,
    kubeconfig: settings.kubeconfig,
    namespace: settings.namespace,
    configNamespace: parts.configNamespace,
  });
  return leaderElection({ ...parts, katalogName, namespace, identity, settings: settings.leaderElection });
}

async function connect(
  settings: RunSettings,
  parts: { metrics: RuntimeMetrics; identity: string | undefined },
  kubeconfigs: RunInput['kubeconfigs'],
): Promise<{ client: KubeClient; configNamespace: string }> {
  const { metrics, identity } = parts;
  const config = await loadClusterConfig({
    env: settings.env,
    ...(kubeconfigs === undefined ? {} : { sources: [...kubeconfigs] }),
    ...(settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
    ...(settings.context ? { context: settings.context } : {}),
  });
  const client = createKubeClient(config, {
    version: settings.version,
    ...(identity === undefined ? {} : { identity }),
    metrics: {
      onRequest: (r) => {
        metrics.apiRequests.inc({ verb: r.verb, code: String(r.code) });
      },
      onConnection: () => {
        metrics.apiConnections.inc();
      },
      onRetry: (verb) => {
        metrics.apiRetries.inc({ verb });
      },
    },
  });
  return { client, configNamespace: config.namespace };
}

async function installDevCrds(
  client: KubeClient,
  crds: { files: readonly string[]; force: boolean | undefined },
  logger: Logger,
): Promise<void> {
  const { names, forced } = await installCrds(client, crds.files, { force: crds.force });
  for (const report of forced) logger.warn('dev: breaking CRD change applied (--force)', { changes: report });
  if (names.length > 0) logger.info('dev: CRDs installed', { crds: names });
}

interface DevCrs {
  client: KubeClient;
  mapper: RestMapper;
  files: readonly string[];
  logger: Logger;
  namespace: string;
}

async function applyDevCrs(d: DevCrs): Promise<void> {
  try {
    const applied = await applyFiles(d.client, d.mapper, {
      files: d.files,
      defaultNamespace: d.namespace,
    });
    if (applied.length > 0) d.logger.info('dev: custom resources applied', { objects: applied });
  } catch (error) {
    d.logger.error('dev: could not apply crFiles', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
