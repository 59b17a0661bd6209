// A tiny release registry for the 05-pipeline example, on loopback only. The pipeline's external calls
// talk to it: GET /approvals/<name> says whether a pipeline may start (and with which tag), PUT
// /releases/<name> records a release. Every request must carry `Authorization: Bearer <token>`, the
// token of the Secret `registry-token`. GET /calls shows how often each was called.
//
//   node examples/05-pipeline/registry.js            # listens on 127.0.0.1:8787
//   REGISTRY_PORT=9000 REGISTRY_TOKEN=xyz node examples/05-pipeline/registry.js
import { createServer } from 'node:http';

/**
 * Starts the registry; resolves with its port and a function that stops it.
 * @param {{ port?: number, token?: string }} options
 */
export function startRegistry({ port = 8787, token = 'demo-token' } = {}) {
  /** @type {Record<string, number>} */
  const calls = {};
  /** @type {Record<string, unknown>} */
  const releases = {};
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      const [status, value] = answer({ req, body, token }, { calls, releases });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        stop: () => new Promise((done) => server.close(() => done(undefined))),
      });
    });
  });
}

/** The status and JSON body of the answer to one request. */
function answer({ req, body, token }, { calls, releases }) {
  const path = new URL(req.url ?? '/', 'http://registry').pathname;
  if (req.method === 'GET' && path === '/calls') return [200, { calls, releases }];
  if (req.headers.authorization !== `Bearer ${token}`) return [401, { error: 'bad token' }];
  const [, what = '', name = ''] = path.split('/');
  const key = `${String(req.method)} /${what}`;
  calls[key] = (calls[key] ?? 0) + 1;
  return route({ key, name, body }, { calls, releases });
}

/** An authorised request's answer. */
function route({ key, name, body }, { calls, releases }) {
  if (name === '') return [404, { error: `no route ${key}` }];
  if (key === 'GET /approvals') return [200, { approved: true, tag: `v1.0.${String(calls[key])}` }];
  if (key !== 'PUT /releases') return [404, { error: `no route ${key}` }];
  releases[name] = JSON.parse(body === '' ? '{}' : body);
  return [200, { release: `${name}@${new Date().toISOString()}` }];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const port = Number(process.env['REGISTRY_PORT'] ?? 8787);
  const { port: bound } = await startRegistry({ port, token: process.env['REGISTRY_TOKEN'] ?? 'demo-token' });
  process.stdout.write(`registry listening on http://127.0.0.1:${String(bound)}\n`);
}
