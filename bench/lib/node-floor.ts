// The floor under the memory benches: a Node process, started as bin/ork.js starts `ork run`, that
// does the I/O an operator cannot do without and nothing else — no line of Orkestra. Over one
// HTTP/2 TLS session to the API server it lists each given path and keeps a watch open on it
// (reading the events), it serves HTTP on loopback (the health API), and it spawns one child
// process (the Katalog child). What it holds after idling is what Node itself costs for that work;
// a bench prints it beside the operator's figure so that Orkestra's own share shows.
import { execFileSync } from 'node:child_process';
import type { ClusterConfig } from '../../src/kube/index.ts';
import { productNodeStart } from './ork.ts';

/** What the floor process does. */
export interface FloorOptions {
  cluster: ClusterConfig;
  /** API paths to list and watch, e.g. `/apis/apps/v1/deployments`. */
  paths: readonly string[];
  /** Serve HTTP on loopback, as the health API does. */
  httpServer: boolean;
  /** Spawn and reap one child process, as the Katalog child. */
  childProcess: boolean;
  /** Idle time after the lists, before measuring. */
  idleMs: number;
  /** Run the memory-reducing collection `ork run`'s heap settler runs (else a plain full gc). */
  settle: boolean;
}

/** Memory of the floor process, in bytes. */
export interface FloorUsage {
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** The floor process: plain JavaScript and Node built-ins only (no type stripping, no library). */
const FLOOR_SOURCE = `
const job = JSON.parse(process.env.ORK_FLOOR_JOB);
const { connect } = process.getBuiltinModule('node:http2');
const tls = Object.fromEntries(['ca', 'cert', 'key'].filter((k) => job[k]).map((k) => [k, Buffer.from(job[k], 'base64')]));
const session = connect(job.server, { ...tls, rejectUnauthorized: !job.insecure });
const headers = job.authorization ? { authorization: job.authorization } : {};
const get = (path, onLine) => new Promise((resolve, reject) => {
  const stream = session.request({ ':path': path, accept: 'application/json', ...headers });
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffered += chunk;
    if (!onLine) return;
    let end;
    while ((end = buffered.indexOf('\\n')) >= 0) { onLine(JSON.parse(buffered.slice(0, end))); buffered = buffered.slice(end + 1); }
  });
  stream.on('end', () => resolve(buffered));
  stream.on('error', reject);
});
for (const path of job.paths) {
  const list = JSON.parse(await get(path + (path.includes('?') ? '&' : '?') + 'limit=500'));
  const query = 'watch=1&allowWatchBookmarks=true&timeoutSeconds=600&resourceVersion=' + list.metadata.resourceVersion;
  void get(path + (path.includes('?') ? '&' : '?') + query, () => undefined).catch(() => undefined);
}
if (job.httpServer) {
  const { createServer } = process.getBuiltinModule('node:http');
  await new Promise((resolve) => createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1', resolve));
}
if (job.childProcess) {
  const { spawn } = process.getBuiltinModule('node:child_process');
  await new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).on('exit', resolve));
}
await new Promise((resolve) => setTimeout(resolve, job.idleMs));
globalThis.gc(job.settle ? { type: 'major', execution: 'sync', flavor: 'last-resort' } : undefined);
await new Promise((resolve) => setTimeout(resolve, 300));
const { readFileSync } = process.getBuiltinModule('node:fs');
const status = readFileSync('/proc/self/status', 'utf8');
const kb = (field) => Number(new RegExp('^' + field + ':\\\\s+(\\\\d+)', 'm').exec(status)[1]) * 1024;
const { heapUsed, heapTotal, external } = process.memoryUsage();
console.log(JSON.stringify({ rss: kb('VmRSS'), rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), heapUsed, heapTotal, external }));
process.exit(0);
`;

const base64 = (buffer: Buffer | undefined): string | undefined => buffer?.toString('base64');

/** How a floor process reaches the API server, as JSON-able fields of its job. */
async function connection(cluster: ClusterConfig) {
  return {
    server: cluster.server,
    ca: base64(cluster.tls.ca),
    cert: base64(cluster.tls.cert),
    key: base64(cluster.tls.key),
    insecure: cluster.tls.insecureSkipTlsVerify === true,
    authorization: await cluster.credentials.authorization(),
  };
}

/** Runs the floor process once and returns what it held. */
export async function measureNodeFloor(options: FloorOptions): Promise<FloorUsage> {
  const job = {
    ...(await connection(options.cluster)),
    paths: options.paths,
    httpServer: options.httpServer,
    childProcess: options.childProcess,
    idleMs: options.idleMs,
    settle: options.settle,
  };
  const product = productNodeStart();
  const flags = [...new Set(['--expose-gc', ...product.flags])];
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', FLOOR_SOURCE], {
    encoding: 'utf8',
    env: { ...process.env, ...product.env, ORK_FLOOR_JOB: JSON.stringify(job) },
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as FloorUsage;
}

/**
 * The start-up floor: a bare Node process (started as bin/ork.js starts `ork run`) that lists every path
 * at once and opens a watch on each from its list's resourceVersion, over as many HTTP/2 sessions as the
 * server's stream limit asks (a session per 90 watches). It prints the ms from its own start until every
 * list has answered and every watch has its response headers: what Node and this API server take for an
 * operator's lists and watches, with no Katalog to load and no line of Orkestra.
 */
const START_FLOOR_SOURCE = `
const job = JSON.parse(process.env.ORK_FLOOR_JOB);
const { connect } = process.getBuiltinModule('node:http2');
const tls = Object.fromEntries(['ca', 'cert', 'key'].filter((k) => job[k]).map((k) => [k, Buffer.from(job[k], 'base64')]));
const headers = job.authorization ? { authorization: job.authorization } : {};
const sessions = Array.from({ length: Math.ceil(job.paths.length / 90) }, () => connect(job.server, { ...tls, rejectUnauthorized: !job.insecure }));
const request = (i, path) => sessions[Math.floor(i / 90)].request({ ':path': path, accept: 'application/json', ...headers });
const sep = (path) => (path.includes('?') ? '&' : '?');
const list = (i, path) => new Promise((resolve, reject) => {
  const stream = request(i, path + sep(path) + 'limit=500');
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => { body += chunk; });
  stream.on('end', () => resolve(JSON.parse(body)));
  stream.on('error', reject);
});
const watch = (i, path, rv) => new Promise((resolve, reject) => {
  const stream = request(i, path + sep(path) + 'watch=1&allowWatchBookmarks=true&timeoutSeconds=600&resourceVersion=' + rv);
  stream.on('response', resolve);
  stream.on('data', () => undefined);
  stream.on('error', reject);
});
await Promise.all(job.paths.map(async (path, i) => watch(i, path, (await list(i, path)).metadata.resourceVersion)));
console.log(JSON.stringify({ ms: performance.now() }));
process.exit(0);
`;

/** Runs the start-up floor once for `paths`; resolves with ms from its spawn until every watch is open. */
export async function measureStartFloor(cluster: ClusterConfig, paths: readonly string[]): Promise<number> {
  const job = { ...(await connection(cluster)), paths };
  const product = productNodeStart();
  const started = performance.now();
  execFileSync(process.execPath, [...product.flags, '--input-type=module', '-e', START_FLOOR_SOURCE], {
    encoding: 'utf8',
    env: { ...process.env, ...product.env, ORK_FLOOR_JOB: JSON.stringify(job) },
  });
  return performance.now() - started;
}
