import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proxyTarget } from './routes.ts';

const runtimes = [new URL('http://127.0.0.1:8080'), new URL('http://10.0.0.2:9000/ork/')];
const at = (pathname: string, search = '') => ({ pathname, search });

function targetOf(method: string, pathname: string, search = ''): string {
  const target = proxyTarget(method, at(pathname, search), runtimes);
  return target.ok ? target.url.href : `${target.status} ${target.message}`;
}

test('/api/{index}/… maps to that runtime, keeping its path prefix and the query', () => {
  assert.equal(targetOf('GET', '/api/0/katalog'), 'http://127.0.0.1:8080/katalog');
  assert.equal(
    targetOf('GET', '/api/0/katalog/website/cr/ns-1/a'),
    'http://127.0.0.1:8080/katalog/website/cr/ns-1/a',
  );
  assert.equal(
    targetOf('GET', '/api/1/katalog/website/cr', '?x=1'),
    'http://10.0.0.2:9000/ork/katalog/website/cr?x=1',
  );
  assert.equal(
    targetOf('POST', '/api/0/katalog/website/render'),
    'http://127.0.0.1:8080/katalog/website/render',
  );
});

test('the live stream is marked as such', () => {
  const target = proxyTarget('GET', at('/api/0/katalog/stream'), runtimes);
  assert.ok(target.ok && target.stream);
  const plain = proxyTarget('GET', at('/api/0/katalog'), runtimes);
  assert.ok(plain.ok && !plain.stream);
});

test('unknown runtimes, other routes, writes and path tricks are refused', () => {
  assert.match(targetOf('GET', '/api/2/katalog'), /^404 no runtime 2/);
  assert.match(targetOf('GET', '/api/x/katalog'), /^404/);
  assert.match(targetOf('GET', '/api/0/metrics'), /^405/);
  assert.match(targetOf('POST', '/api/0/katalog/website'), /^405 .*only reads/);
  assert.match(targetOf('DELETE', '/api/0/katalog/website/cr/a/b'), /^405/);
  assert.match(targetOf('POST', '/api/0/katalog/website/cr'), /^405/);
  assert.match(targetOf('GET', '/api/0/katalog/../metrics'), /^400/);
  assert.match(targetOf('GET', '/api/0/katalog/%2e%2e/metrics'), /^400/);
  assert.match(targetOf('GET', '/api/0/katalog/a%2Fb'), /^400/);
});
