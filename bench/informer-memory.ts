// Informer memory: RSS and heap of a process holding 15 shared informers on 15 empty CRDs
// (target ≤ 55 MB RSS) beside Node's floor for the same lists and watches with no Orkestra code
// (lib/node-floor.ts), the RSS each cached object costs when one more informer caches 10,000
// small ConfigMaps (target ≤ 2 KB per object), and what each dependency costs to import.
// Every figure comes from a fresh child process started with --expose-gc, measured after
// global.gc() and 300 ms idle; this parent only sets the cluster up (through src/kube) and prints.
// The children load src bundled per layer (into .cache/bench-dist, as `npm run build` bundles dist/),
// as `ork run` does: Node's type stripping alone costs ~17 MB of RSS and would blur the figures.
// Needs a cluster in KUBECONFIG; creates 15 CRDs and a namespace, and deletes them at the end
// unless --keep is given. Run:
//   source scripts/node-env.sh && eval "$(node bin/ork.js dev env)" && node bench/informer-memory.ts
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createKubeClient, isConflict, kubeconfigsAsJson, loadClusterConfig } from '../src/kube/index.ts';
import type { KubeClient } from '../src/kube/index.ts';
import { RESOURCES, crdOf, deleteAll, ensureNamespaces, installCrds, runPool } from './lib/kube.ts';
import { COMPILED, compileLayers, layerUrl } from './lib/compiled.ts';
import { measureNodeFloor, type FloorOptions } from './lib/node-floor.ts';
import { productNodeStart } from './lib/ork.ts';

const CRDS = 15;
const OBJECTS = 10_000;
const NAMESPACE = 'bench-informer-memory';
const GROUP = 'bench.orkestra.dev';
const CONCURRENCY = 32;
const MB = 1024 * 1024;

interface Usage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  loadMs?: number;
  objects?: number;
}

// ---------------------------------------------------------------- child: one measurement

/**
 * The child, in plain JavaScript so that it loads no TypeScript (run with `node -e`). MODE
 * `stack`: the kube and runtime layers loaded (from BASE, a folder of compiled src), a client,
 * no informer; `crds`: 15 informers through the shared informer factory; `all`: and the
 * ConfigMaps' informer. COLLECT `gc`: a full collection before measuring; `settle`: the
 * memory-reducing one. Prints one JSON line of memoryUsage and the cached object count. The
 * kubeconfig comes as JSON (ORK_BENCH_KUBECONFIGS), as `ork run`'s Katalog child hands it to the
 * operator process, which so never loads the YAML library.
 */
const CHILD_SOURCE = `
const [mode, base, idleMs, crds, group, namespace, collect] = process.argv.slice(1);
const kube = await import(base + '/kube.js');
const runtime = await import(base + '/runtime.js');
const handed = JSON.parse(process.env.ORK_BENCH_KUBECONFIGS || '[]');
const sources = handed.length > 0 ? { sources: handed } : {};
const client = kube.createKubeClient(await kube.loadClusterConfig({ env: process.env, ...sources }));
let objects = 0;
if (mode !== 'stack') {
  const factory = new runtime.SharedInformerFactory({
    listerWatcherFor: (gvr) => kube.createListerWatcher(client, gvr),
  });
  void factory.start(new AbortController().signal);
  const leases = Array.from({ length: Number(crds) }, (_, i) =>
    factory.acquire({ group, version: 'v1', resource: 'bench' + i + 's', namespaced: true }));
  if (mode === 'all') {
    const configmaps = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
    leases.push(factory.acquire(configmaps, { namespace }));
  }
  for (const lease of leases) {
    if (!(await lease.informer.waitForSync())) throw new Error(lease.informer.name + ' did not sync');
    objects += lease.informer.store.size;
  }
}
// 'settle': the memory-reducing collection ork run's heap settler makes once it is idle.
if (collect === 'settle') globalThis.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
else globalThis.gc();
await new Promise((resolve) => setTimeout(resolve, Number(idleMs)));
const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
console.log(JSON.stringify({ rss, heapUsed, heapTotal, external, objects }));
process.exit(0);
`;

// ---------------------------------------------------------------- parent: set up, spawn, print

/** How bin/ork.js starts `ork run` (its #! line): the figures are the product's. */
const PRODUCT = productNodeStart();

/** The kubeconfig files, read and re-encoded as JSON once (what `ork run`'s Katalog child does). */
const KUBECONFIGS = JSON.stringify((await kubeconfigsAsJson({ env: process.env })) ?? []);

function runChild(
  mode: string,
  options: { idleMs?: number; nodeFlags?: string[]; settle?: boolean } = {},
): Usage {
  const base = pathToFileURL(COMPILED).href;
  const collect = options.settle === true ? 'settle' : 'gc';
  const params = [mode, base, String(options.idleMs ?? 300), String(CRDS), GROUP, NAMESPACE, collect];
  const flags = ['--expose-gc', ...(options.nodeFlags ?? PRODUCT.flags), '--input-type=module'];
  const args = [...flags, '-e', CHILD_SOURCE, ...params];
  const env = { ...process.env, ...PRODUCT.env, ORK_BENCH_KUBECONFIGS: KUBECONFIGS };
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', env });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Usage;
}

/** RSS after importing `specifier` (nothing when undefined) in a fresh process. */
function importCost(specifier: string | undefined): Usage {
  const code = `
    const t = performance.now();
    ${specifier === undefined ? '' : `await import(${JSON.stringify(specifier)});`}
    const loadMs = performance.now() - t;
    globalThis.gc(); await new Promise((r) => setTimeout(r, 300));
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    console.log(JSON.stringify({ rss, heapUsed, heapTotal, external, loadMs }));`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim()) as Usage;
}

/** The CRDs the informers watch: bench0s … bench14s, open schemas. */
const CRD_OBJECTS = Array.from({ length: CRDS }, (_, i) =>
  crdOf({ group: GROUP, kind: `Bench${i}`, plural: `bench${i}s` }),
);

/** Creates the ConfigMaps, CONCURRENCY at a time; existing ones (a rerun with --keep) are kept. */
async function createConfigMaps(client: KubeClient): Promise<number> {
  await ensureNamespaces(client, [NAMESPACE]);
  const start = performance.now();
  await runPool(OBJECTS, CONCURRENCY, async (i) => {
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: NAMESPACE, labels: { bench: 'informer-memory' } },
      data: { index: String(i), note: 'a small object' },
    };
    await client.create(RESOURCES.configmaps, object).catch((error: unknown) => {
      if (!isConflict(error)) throw error;
    });
  });
  return performance.now() - start;
}

async function cleanUp(client: KubeClient): Promise<void> {
  await client.delete(RESOURCES.namespaces, NAMESPACE).catch(() => undefined);
  const names = CRD_OBJECTS.map((crd) => crd.metadata?.name ?? '');
  await deleteAll(client, RESOURCES.crds, names);
}

const mb = (bytes: number): string => (bytes / MB).toFixed(1).padStart(7);

function printImportCosts(): void {
  const here = (path: string): string => pathToFileURL(fileURLToPath(new URL(path, import.meta.url))).href;
  const specs: [string, string | undefined][] = [
    ['nothing (bare node)', undefined],
    ['node:https', 'node:https'],
    ['yaml', 'yaml'],
    ['zod', 'zod'],
    ['undici', 'undici'],
    ['src/util as .ts (type stripping only)', here('../src/util/index.ts')],
    ['kube (compiled)', layerUrl('kube')],
    ['observability (compiled; own logger and metrics)', layerUrl('observability')],
    ['runtime (compiled; kube, resources, ...)', layerUrl('runtime')],
    ['runtime as .ts (type stripping)', here('../src/runtime/index.ts')],
    ['@kubernetes/client-node (comparison)', '@kubernetes/client-node'],
  ];
  const bare = importCost(undefined);
  console.log('\nimport cost, each in a fresh process (after gc + 300 ms)');
  console.log('module                                     load ms    RSS MB  +RSS MB  heapUsed MB');
  for (const [label, spec] of specs) {
    const u = spec === undefined ? bare : importCost(spec);
    const load = (u.loadMs ?? 0).toFixed(0).padStart(7);
    console.log(`${label.padEnd(40)} ${load}  ${mb(u.rss)}  ${mb(u.rss - bare.rss)}  ${mb(u.heapUsed)}`);
  }
}

/**
 * Node alone doing what the 15 informers do — list and watch the same 15 paths over one HTTP/2
 * session — with no line of Orkestra: the floor under the target.
 */
async function nodeFloor(cluster: FloorOptions['cluster'], settle: boolean): Promise<Usage> {
  const paths = Array.from({ length: CRDS }, (_, i) => `/apis/${GROUP}/v1/bench${i}s`);
  const floor = await measureNodeFloor({
    cluster,
    paths,
    httpServer: false,
    childProcess: false,
    idleMs: 0,
    settle,
  });
  return { rss: floor.rss, heapUsed: floor.heapUsed, heapTotal: floor.heapTotal, external: floor.external };
}

async function parent(): Promise<void> {
  const cluster = await loadClusterConfig({ env: process.env });
  const client = createKubeClient(cluster);
  try {
    await compileLayers(['kube', 'observability', 'runtime']);
    await installCrds(client, CRD_OBJECTS);
    const createMs = await createConfigMaps(client);
    console.log(
      `set-up: ${CRDS} CRDs established; ${OBJECTS} ConfigMaps created in ${(createMs / 1000).toFixed(1)} s`,
    );
    const stack = runChild('stack');
    const crds = runChild('crds');
    const all = runChild('all');
    const allIdle = runChild('all', { idleMs: 5000 });
    const allSmallYoung = runChild('all', { nodeFlags: ['--max-semi-space-size=1'] });
    const crdsSmallYoung = runChild('crds', { nodeFlags: ['--max-semi-space-size=1'] });
    const allNodeDefaults = runChild('all', { nodeFlags: [] });
    const crdsSettled = runChild('crds', { settle: true });
    const allSettled = runChild('all', { settle: true });
    const crdsNodeDefaults = runChild('crds', { nodeFlags: [] });
    const floor = await nodeFloor(cluster, false);
    const floorSettled = await nodeFloor(cluster, true);
    console.log(
      `\nprocess (${Object.entries(PRODUCT.env)
        .map(([k, v]) => `${k}=${v} `)
        .join(
          '',
        )}node ${PRODUCT.flags.join(' ')} as bin/ork.js; after gc + 300 ms unless said)\n                                            RSS MB  heapUsed MB  heapTotal MB  external MB`,
    );
    const row = (label: string, u: Usage): void => {
      console.log(
        `${label.padEnd(42)} ${mb(u.rss)}  ${mb(u.heapUsed)}      ${mb(u.heapTotal)}      ${mb(u.external)}`,
      );
    };
    row('kube + runtime loaded, a client, no informer', stack);
    row(`${CRDS} informers on ${CRDS} empty CRDs (target ≤ 55)`, crds);
    const cached = (all.objects ?? 0) - (crds.objects ?? 0);
    row(`the same + ${cached} cached ConfigMaps`, all);
    row('the same, measured after 5 s idle', allIdle);
    row(`${CRDS} informers, node --max-semi-space-size=1`, crdsSmallYoung);
    row(`+ ConfigMaps, node --max-semi-space-size=1`, allSmallYoung);
    row(`${CRDS} informers, node's default flags`, crdsNodeDefaults);
    row(`+ ConfigMaps, node's default flags`, allNodeDefaults);
    row(`${CRDS} informers, settled (as ork run when idle)`, crdsSettled);
    row(`+ ConfigMaps, settled (as ork run when idle)`, allSettled);
    row(`Node floor: the same watches, no Orkestra`, floor);
    row(`Node floor, settled`, floorSettled);
    const perObject = (all.rss - crds.rss) / cached;
    const heapPerObject = (all.heapUsed - crds.heapUsed) / cached;
    const smallYoungPerObject = (allSmallYoung.rss - crdsSmallYoung.rss) / cached;
    console.log(
      `\nRSS per cached object: ${perObject.toFixed(0)} B (target ≤ 2048); heapUsed per object: ${heapPerObject.toFixed(0)} B`,
    );
    console.log(`RSS per cached object with --max-semi-space-size=1: ${smallYoungPerObject.toFixed(0)} B`);
    const defaultsPerObject = (allNodeDefaults.rss - crdsNodeDefaults.rss) / cached;
    console.log(`RSS per cached object with node's default flags: ${defaultsPerObject.toFixed(0)} B`);
    const settledPerObject = (allSettled.rss - crdsSettled.rss) / cached;
    console.log(
      `RSS per cached object once settled (ork run's heap settler, when idle): ${settledPerObject.toFixed(0)} B`,
    );
    console.log(`${CRDS} empty informers over the bare stack: ${mb(crds.rss - stack.rss)} MB RSS`);
    console.log(
      `Orkestra's share over the Node floor: ${mb(crds.rss - floor.rss)} MB RSS after gc, ${mb(crdsSettled.rss - floorSettled.rss)} MB settled`,
    );
    printImportCosts();
  } finally {
    if (!process.argv.includes('--keep')) await cleanUp(client);
    await client.transport.close();
  }
}

await parent();
