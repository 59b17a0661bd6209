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
} from '../kube/index.ts';
import type { LoadedKatalog, Plan } from '../katalog/index.ts';
import { createLogger, RuntimeMetrics, type Logger, type LogLevel } from '../observability/index.ts';
import {
  boxDefinitionOf,
  Manager,
  ORKESTRA_OWNER_INDEX,
  OperatorBox,
  ownerIndexOf,
  SharedInformerFactory,
  Stage,
} from '../runtime/index.ts';
import { ApiServer } from '../server/index.ts';
import { applyFiles, devFiles, installCrds } from './dev-mode.ts';
import { runtimeView } from './runtime-view.ts';

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
  logLevel: LogLevel;
  env: Record<string, string | undefined>;
  version: string;
}

/** A running process: its boxes, API port, and a promise that settles when it has stopped. */
export interface RunningOperators {
  boxes: readonly OperatorBox[];
  port: number | undefined;
  stopped: Promise<void>;
}

/** Starts the operators of a loaded, valid Katalog. Stops everything when `signal` aborts. */
export async function runOperators(
  katalog: LoadedKatalog,
  plans: readonly Plan[],
  options: { settings: RunSettings; signal: AbortSignal },
): Promise<RunningOperators> {
  const { settings, signal } = options;
  const logger = createLogger({ level: settings.logLevel });
  const metrics = new RuntimeMetrics().withProcessMetrics();
  const client = await connect(settings, metrics);
  const mapper = new RestMapper(client);
  if (settings.dev) await installDevCrds(client, katalog, logger);
  const informers = new SharedInformerFactory({
    listerWatcherFor: (gvr) => createListerWatcher(client, gvr),
    informerOptions: { indexers: { [ORKESTRA_OWNER_INDEX]: ownerIndexOf } },
  });
  const deps = { client, mapper, informers, recorder: new EventRecorder(client), metrics, logger };
  const boxes = plans
    .filter((p) => p.enabled)
    .map((plan) => new OperatorBox(boxDefinitionOf(katalog, plan), deps));
  const manager = new Manager();
  manager.add(informers, Stage.caches);
  for (const box of boxes) manager.add(box, Stage.controllers);
  const view = runtimeView({ name: katalogName(katalog), boxes, manager, metrics });
  const server = new ApiServer(view, { port: settings.port });
  manager.add(server, Stage.servers);
  const stopped = manager.start(signal).then(() => undefined);
  if (settings.dev)
    void applyDevCrs({ client, mapper, katalog, logger, namespace: settings.namespace ?? 'default' });
  return {
    boxes,
    get port() {
      return server.port;
    },
    stopped,
  };
}

async function connect(settings: RunSettings, metrics: RuntimeMetrics): Promise<KubeClient> {
  const config = await loadClusterConfig({
    env: settings.env,
    ...(settings.kubeconfig ? { kubeconfig: settings.kubeconfig } : {}),
    ...(settings.context ? { context: settings.context } : {}),
  });
  return createKubeClient(config, {
    version: settings.version,
    metrics: {
      onRequest: (r) => {
        metrics.apiRequests.inc({ verb: r.verb, code: String(r.code) });
      },
      onConnection: () => {
        metrics.apiConnections.inc();
      },
    },
  });
}

async function installDevCrds(client: KubeClient, katalog: LoadedKatalog, logger: Logger): Promise<void> {
  const names = await installCrds(client, devFiles(katalog, 'crdFile'));
  if (names.length > 0) logger.info('dev: CRDs installed', { crds: names });
}

interface DevCrs {
  client: KubeClient;
  mapper: RestMapper;
  katalog: LoadedKatalog;
  logger: Logger;
  namespace: string;
}

async function applyDevCrs(d: DevCrs): Promise<void> {
  try {
    const applied = await applyFiles(d.client, d.mapper, {
      files: devFiles(d.katalog, 'crFiles'),
      defaultNamespace: d.namespace,
    });
    if (applied.length > 0) d.logger.info('dev: custom resources applied', { objects: applied });
  } catch (error) {
    d.logger.error('dev: could not apply crFiles', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

function katalogName(katalog: LoadedKatalog): string {
  return katalog.documents.map((d) => d.katalog.metadata.name).join('+');
}
