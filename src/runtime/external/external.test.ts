/**
 * External calls against a real HTTP server on loopback: results and their shapes, order, `when`,
 * failure with and without continueOnError, cacheFor, header values from Secrets (sent, never shown),
 * timeouts, abort, the body bound, and the per-box limit.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { ExternalPlan } from '../../plan/index.ts';
import { buildTemplateData, createTemplateRenderer } from '../../resources/index.ts';
import { loadNodeHttp } from '../../util/index.ts';
import { ExternalResultCache } from '../reconcile/external-cache.ts';
import { ExternalCallError, runExternalCalls, type ExternalResult } from '../reconcile/external-calls.ts';
import type { HttpRequest } from '../reconcile/index.ts';
import { boxHttp } from './box-http.ts';
import { CallLimiter } from './call-limiter.ts';
import { closeIdleConnections, HttpTimeoutError, sendHttp } from './http-client.ts';

const TOKEN = 's3cr3t-t0ken-value';

/** Requests the server saw, by path. */
const seen: { path: string; authorization: string | undefined; body: string }[] = [];
let server: Server;
let base = '';

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ path: url.pathname, authorization: req.headers.authorization, body });
  if (url.pathname === '/hang') return; // never answers
  if (url.pathname === '/json') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ version: '1.2.3', n: Number(url.searchParams.get('n') ?? 0) }));
  } else if (url.pathname === '/echo-auth') {
    res.statusCode = 500;
    res.end(`denied ${req.headers.authorization ?? ''}`);
  } else if (url.pathname === '/big') {
    res.end('x'.repeat(5000));
  } else if (url.pathname === '/status') {
    res.statusCode = Number(url.searchParams.get('code'));
    res.end('plain text');
  } else {
    res.end(`ok ${body}`);
  }
}

before(async () => {
  server = loadNodeHttp().createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${String(typeof address === 'object' && address ? address.port : 0)}`;
});

after(() => {
  closeIdleConnections();
  server.closeAllConnections();
  server.close();
});

function call(name: string, url: string, more: Partial<ExternalPlan> = {}): ExternalPlan {
  return {
    name,
    url,
    method: 'GET',
    headers: {},
    body: undefined,
    expectedStatus: undefined,
    timeoutMs: 2000,
    continueOnError: false,
    cacheForMs: undefined,
    when: [],
    or: [],
    ...more,
  };
}

const CR = {
  apiVersion: 'demo.io/v1',
  kind: 'Pipeline',
  metadata: { name: 'p1', namespace: 'ns1' },
  spec: { n: 7 },
};
const SECRET = {
  metadata: { name: 'api', namespace: 'ns1' },
  data: { token: Buffer.from(TOKEN).toString('base64') },
};

function context(options: { nowMs?: () => number; results?: ExternalResultCache<ExternalResult> } = {}) {
  const controller = new AbortController();
  return {
    cr: CR,
    render: createTemplateRenderer(),
    cache: { secret: (ns: string, name: string) => (ns === 'ns1' && name === 'api' ? SECRET : undefined) },
    http: boxHttp({ limit: 2, signal: controller.signal }),
    results: options.results ?? new ExternalResultCache(),
    nowMs: options.nowMs ?? (() => 0),
  };
}

async function run(calls: ExternalPlan[], ctx = context()): Promise<Record<string, ExternalResult>> {
  const data = await runExternalCalls(calls, buildTemplateData({ cr: CR }), ctx);
  return data['external'] as Record<string, ExternalResult>;
}

describe('external calls', () => {
  it('run in order, each seeing the results before it; JSON is parsed, text kept', async () => {
    const results = await run([
      call('info', `${base}/json?n={{ .spec.n }}`),
      call('next', `${base}/text`, {
        method: 'POST',
        body: { version: '{{ .external.info.body.version }}', n: '{{ .external.info.body.n }}' },
      }),
    ]);
    assert.deepEqual(results['info']?.body, { version: '1.2.3', n: 7 });
    assert.equal(results['info'].called, true);
    assert.equal(results['info'].status, 200);
    assert.equal(results['info'].error, undefined);
    assert.equal(typeof results['info'].durationSeconds, 'number');
    assert.equal(results['next']?.body, 'ok {"version":"1.2.3","n":7}');
  });

  it('a call whose conditions fail is not made', async () => {
    const before = seen.length;
    const results = await run([
      call('skipped', `${base}/json`, {
        when: [{ field: 'spec.n', fieldIsTemplate: false, operator: 'equals', value: '8' }],
      }),
    ]);
    assert.deepEqual(results['skipped'], { called: false });
    assert.equal(seen.length, before);
  });

  it('a failed call fails the pass, naming it; with continueOnError it is recorded and the calls go on', async () => {
    const failing = call('deploy', `${base}/status?code=503`);
    await assert.rejects(run([failing]), (error: unknown) => {
      assert.ok(error instanceof ExternalCallError);
      assert.equal(error.call, 'deploy');
      assert.match(
        error.message,
        /^external call "deploy" failed: GET .*\/status\?code=503 answered 503, expected 2xx$/,
      );
      return true;
    });
    const results = await run([{ ...failing, continueOnError: true }, call('after', `${base}/json`)]);
    assert.equal(results['deploy']?.status, 503);
    assert.equal(results['deploy'].body, 'plain text');
    assert.match(results['deploy'].error ?? '', /answered 503/);
    assert.equal(results['after']?.status, 200);
  });

  it('expectedStatus replaces "any 2xx"', async () => {
    const results = await run([
      call('created', `${base}/status?code=201`, { expectedStatus: 202, continueOnError: true }),
      call('accepted', `${base}/status?code=202`, { expectedStatus: 202 }),
    ]);
    assert.match(results['created']?.error ?? '', /answered 201, expected 202/);
    assert.equal(results['accepted']?.error, undefined);
  });

  it('cacheFor reuses a success for that long, per rendered request', async () => {
    let now = 1_000;
    const ctx = context({ nowMs: () => now });
    const cached = call('c', `${base}/json?n={{ .spec.n }}&cache=1`, { cacheForMs: 60_000 });
    const count = () => seen.filter((s) => s.path === '/json').length;
    const start = count();
    await run([cached], ctx);
    const second = await run([cached], ctx);
    assert.equal(count() - start, 1);
    assert.equal(second['c']?.durationSeconds, 0);
    now += 60_001;
    await run([cached], ctx);
    assert.equal(count() - start, 2);
  });

  it('sends header values from Secrets and never shows them in a result or an error', async () => {
    const secretHeader = { secretKeyRef: { name: 'api', key: 'token' } };
    const echo = call('auth', `${base}/echo-auth`, { headers: { Authorization: secretHeader } });
    await assert.rejects(run([echo]), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.ok(!error.message.includes(TOKEN), error.message);
      return true;
    });
    assert.equal(seen.at(-1)?.authorization, TOKEN);
    const results = await run([{ ...echo, continueOnError: true }]);
    assert.ok(!JSON.stringify(results).includes(TOKEN), JSON.stringify(results));
    assert.equal(results['auth']?.body, 'denied [redacted]');
    const missing = call('m', `${base}/json`, {
      headers: { 'X-Key': { secretKeyRef: { name: 'absent', key: 'k' } } },
      continueOnError: true,
    });
    assert.match((await run([missing]))['m']?.error ?? '', /Secret ns1\/absent not found/);
  });

  it('gives up on an endpoint that does not answer within the timeout', async () => {
    const started = Date.now();
    const results = await run([call('slow', `${base}/hang`, { timeoutMs: 150, continueOnError: true })]);
    assert.match(results['slow']?.error ?? '', /no answer within 150 ms/);
    assert.ok(Date.now() - started < 2000);
  });
});

describe('the HTTP client', () => {
  const request = (path: string): HttpRequest => ({
    method: 'GET',
    url: `${base}${path}`,
    headers: {},
    body: undefined,
  });

  it('aborts the calls of a box that stops', async () => {
    const controller = new AbortController();
    const pending = sendHttp(request('/hang'), { timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 50);
    await assert.rejects(pending, (error: unknown) => !(error instanceof HttpTimeoutError));
  });

  it('cuts a body longer than the bound', async () => {
    const response = await sendHttp(request('/big'), { timeoutMs: 2000, maxBodyBytes: 100 });
    assert.equal(response.body.length, 100);
    assert.equal(response.truncated, true);
  });

  it('refuses a scheme other than http and https', async () => {
    await assert.rejects(sendHttp({ ...request('/'), url: 'file:///etc/passwd' }, { timeoutMs: 100 }));
  });
});

describe('the per-box call limiter', () => {
  it('runs at most `limit` tasks at a time, the others in turn', async () => {
    const limiter = new CallLimiter(2);
    let running = 0;
    let most = 0;
    const task = async (): Promise<void> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 6 }, () => limiter.run(task)));
    assert.equal(most, 2);
    assert.equal(limiter.active, 0);
  });
});
