import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_SECURITY } from '../../plan/index.ts';
import { planOfText } from './reconcile-harness.ts';
import {
  checkConversionServed,
  defaultEndpoint,
  effectiveSecurity,
  parseWebhookUrl,
} from './run-webhooks.ts';

test('--webhook-url takes https://host[:port] only', () => {
  assert.deepEqual(parseWebhookUrl('https://webhooks.example:8443'), {
    kind: 'url',
    host: 'webhooks.example',
    port: 8443,
  });
  assert.deepEqual(parseWebhookUrl('https://[::1]'), { kind: 'url', host: '::1', port: 443 });
  assert.throws(() => parseWebhookUrl('http://x'), /must be https/);
  assert.throws(() => parseWebhookUrl('https://x/hooks'), /no path/);
});

test('ENABLE_ADMISSION_WEBHOOK=true turns admission on over the Katalog', () => {
  assert.equal(effectiveSecurity(NO_SECURITY, {}).webhooks.admission.enabled, false);
  const on = effectiveSecurity(NO_SECURITY, { ENABLE_ADMISSION_WEBHOOK: 'true' });
  assert.equal(on.webhooks.admission.enabled, true);
  assert.equal(on.webhooks.admission.failurePolicy, 'Fail');
});

test('in a pod the API server reaches the listener through the Service; outside, on loopback', () => {
  assert.deepEqual(defaultEndpoint({ KUBERNETES_SERVICE_HOST: '10.0.0.1', POD_NAMESPACE: 'ops' }), {
    kind: 'service',
    name: 'orkestra',
    namespace: 'ops',
    port: 443,
  });
  assert.deepEqual(defaultEndpoint({}), { kind: 'url', host: '127.0.0.1' });
});

test('conversion paths with the conversion webhook off are refused, naming the entries', async () => {
  const plan = await planOfText(`apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: k}
spec:
  crds:
    websites:
      apiTypes: {group: demo.io, version: v1, kind: Website}
`);
  const converting = { ...plan, conversion: { storageVersion: 'v1', paths: [] } };
  assert.throws(() => {
    checkConversionServed([converting], NO_SECURITY);
  }, /websites declares conversion paths, but the conversion webhook is off/);
  const served = { ...NO_SECURITY, webhooks: { ...NO_SECURITY.webhooks, conversion: { enabled: true } } };
  checkConversionServed([converting], served);
  checkConversionServed([plan], NO_SECURITY);
});
