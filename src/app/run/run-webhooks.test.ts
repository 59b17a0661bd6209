import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NO_SECURITY } from '../../plan/index.ts';
import { planOfText } from './reconcile-harness.ts';
import {
  certificateChoice,
  checkConversionServed,
  defaultEndpoint,
  effectiveSecurity,
  parseSecretRef,
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

test('the certificate is the user’s when given, else the Katalog’s own Secret in the runtime’s namespace', () => {
  const base = { katalogName: 'shop', security: NO_SECURITY, settings: {}, env: {} };
  const { validForMs, rotateBeforeMs } = NO_SECURITY.certificates;
  const managed = { kind: 'managed', name: 'orkestra-shop-webhook-tls', validForMs, rotateBeforeMs };
  assert.deepEqual(certificateChoice(base), { ...managed, namespace: 'default' });
  assert.deepEqual(certificateChoice({ ...base, settings: { secretNamespace: 'ops' } }), {
    ...managed,
    namespace: 'ops',
  });
  assert.deepEqual(certificateChoice({ ...base, env: { POD_NAMESPACE: 'shop-system' } }), {
    ...managed,
    namespace: 'shop-system',
  });
  assert.deepEqual(certificateChoice({ ...base, settings: { certificateDirectory: '/certs' } }), {
    kind: 'directory',
    path: '/certs',
  });
  const secret = { namespace: 'ops', name: 'webhook-tls' };
  assert.deepEqual(certificateChoice({ ...base, settings: { certificateSecret: secret } }), {
    kind: 'secret',
    ...secret,
  });
  assert.throws(
    () => certificateChoice({ ...base, settings: { certificateSecret: secret, certificateDirectory: '/c' } }),
    /not both/,
  );
  const late = { ...NO_SECURITY, certificates: { validForMs: 1000, rotateBeforeMs: 1000 } };
  assert.throws(() => certificateChoice({ ...base, security: late }), /rotateBefore must be shorter/);
});

test('--webhook-cert-secret takes namespace/name', () => {
  assert.deepEqual(parseSecretRef('ops/webhook-tls'), { namespace: 'ops', name: 'webhook-tls' });
  assert.throws(() => parseSecretRef('webhook-tls'), /namespace\/name/);
  assert.throws(() => parseSecretRef('a/b/c'), /namespace\/name/);
});
