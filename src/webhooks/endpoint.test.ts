import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certificateNames, clientConfigFor, withListenerPort } from './endpoint.ts';

test('a URL endpoint takes the listener port when it names none, and its host goes in the certificate', () => {
  const endpoint = withListenerPort({ kind: 'url', host: '127.0.0.1' }, 40123);
  assert.deepEqual(clientConfigFor(endpoint, '/validate/websites'), {
    url: 'https://127.0.0.1:40123/validate/websites',
  });
  assert.deepEqual(certificateNames(endpoint), { dnsNames: [], ipAddresses: ['127.0.0.1'] });
  assert.deepEqual(withListenerPort({ kind: 'url', host: 'h', port: 8443 }, 1), {
    kind: 'url',
    host: 'h',
    port: 8443,
  });
});

test('an IPv6 host is bracketed in the URL', () => {
  assert.deepEqual(clientConfigFor({ kind: 'url', host: '::1', port: 9443 }, '/convert/x'), {
    url: 'https://[::1]:9443/convert/x',
  });
});

test('a Service endpoint names the service, and the certificate its cluster DNS names', () => {
  const endpoint = { kind: 'service', name: 'orkestra', namespace: 'ops', port: 443 } as const;
  assert.deepEqual(clientConfigFor(endpoint, '/mutate/websites'), {
    service: { name: 'orkestra', namespace: 'ops', path: '/mutate/websites', port: 443 },
  });
  assert.deepEqual(certificateNames(endpoint).dnsNames, [
    'orkestra',
    'orkestra.ops',
    'orkestra.ops.svc',
    'orkestra.ops.svc.cluster.local',
  ]);
});
