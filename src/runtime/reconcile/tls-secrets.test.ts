import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { createCertificate } from '../../pki/index.ts';
import {
  ANNOTATION_TLS_HASH,
  childKey,
  needsApply,
  type DesiredChild,
  type TlsPolicy,
} from '../../resources/index.ts';
import { PendingError, TerminalError } from '../errors.ts';
import type { ClusterCache, KeySource, TlsMaterial } from './ports.ts';
import { resolveTlsSecrets, type TlsContext } from './tls-secrets.ts';

const DAY = 86_400_000;
const START = new Date('2030-03-04T05:06:07Z');

/** A cache of live objects by child key, and Secrets by `namespace/name`. */
class FakeCache implements ClusterCache {
  readonly live = new Map<string, KubeObject>();
  readonly secrets = new Map<string, KubeObject>();
  customResource(): KubeObject | undefined {
    return undefined;
  }
  child(like: KubeObject): KubeObject | undefined {
    return this.live.get(childKey(like));
  }
  watchTypes(): Promise<boolean> {
    return Promise.resolve(false);
  }
  childrenOf(): KubeObject[] {
    return [...this.live.values()];
  }
  secret(namespace: string, name: string): KubeObject | undefined {
    return this.secrets.get(`${namespace}/${name}`);
  }
  /** What the API server would store after an apply of `manifest` (a new object, as an informer gives). */
  store(manifest: KubeObject): KubeObject {
    const stored = structuredClone(manifest);
    this.live.set(childKey(manifest), stored);
    return stored;
  }
}

function secretChild(tls: Partial<TlsPolicy> = {}, mode: DesiredChild['mode'] = 'enforce'): DesiredChild {
  return {
    manifest: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web-tls', namespace: 'shop', annotations: {} },
      type: 'kubernetes.io/tls',
      data: { extra: Buffer.from('x').toString('base64') },
    },
    hook: 'onReconcile',
    group: 'secrets',
    entry: 'onReconcile.secrets[0]',
    mode,
    forceConflicts: true,
    secret: {
      once: false,
      tls: { commonName: 'web.shop.svc', dnsNames: ['web.shop.svc', 'web'], validForMs: 90 * DAY, ...tls },
    },
  };
}

interface Harness {
  cache: FakeCache;
  context: TlsContext;
  events: { reason: string; message: string }[];
  keysMade: () => number;
  setNow: (date: Date) => void;
}

function harness(options: { offline?: boolean } = {}): Harness {
  let now = START;
  let made = 0;
  const keys: KeySource = {
    newKeyPair: () => {
      made += 1;
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    },
    newSerialNumber: () => Buffer.of(made),
  };
  const cache = new FakeCache();
  const events: { reason: string; message: string }[] = [];
  const context: TlsContext = {
    cr: { apiVersion: 'shop.example/v1', kind: 'Shop', metadata: { name: 'web', namespace: 'shop' } },
    cache,
    events: {
      normal: (_cr, reason, message) => events.push({ reason, message }),
      warning: (_cr, reason, message) => events.push({ reason, message }),
    },
    now: () => now,
    keys: options.offline === true ? undefined : keys,
    issued: new Map<string, TlsMaterial>(),
  };
  return { cache, context, events, keysMade: () => made, setNow: (date) => (now = date) };
}

function resolveOne(h: Harness, child = secretChild()) {
  const resolution = resolveTlsSecrets([child], h.context);
  const [resolved] = resolution.children;
  assert.ok(resolved);
  return { child: resolved, renewInMs: resolution.renewInMs };
}

function decoded(child: DesiredChild, key: string): string {
  const data = child.manifest['data'] as Record<string, string>;
  return Buffer.from(data[key] ?? '', 'base64').toString('utf8');
}

function caSecret(namespace: string, name = 'shop-ca'): { secret: KubeObject; cert: X509Certificate } {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = createCertificate(
    {
      commonName: `${name} CA`,
      notBefore: new Date(START.getTime() - DAY),
      notAfter: new Date(START.getTime() + 3650 * DAY),
      serialNumber: Buffer.of(7),
      publicKey: keys.publicKey,
      isCA: true,
    },
    { privateKey: keys.privateKey },
  ).pem;
  const key = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(pem), 'tls.key': b64(key) },
  };
  return { secret, cert: new X509Certificate(pem) };
}

describe('resolveTlsSecrets', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('gives a new tls Secret a key and a self-signed certificate for its names, valid for validFor', () => {
    const { child, renewInMs } = resolveOne(h);
    const cert = new X509Certificate(decoded(child, 'tls.crt'));
    assert.equal(cert.subject, 'CN=web.shop.svc');
    assert.equal(cert.subjectAltName, 'DNS:web.shop.svc, DNS:web');
    assert.equal(new Date(cert.validTo).getTime(), START.getTime() + 90 * DAY);
    assert.equal(new Date(cert.validFrom).getTime(), START.getTime() - 5 * 60_000);
    assert.ok(cert.checkPrivateKey(createPrivateKey(decoded(child, 'tls.key'))));
    assert.equal(decoded(child, 'ca.crt'), cert.toString());
    assert.equal(decoded(child, 'extra'), 'x', 'the entry’s own data is kept');
    assert.match(
      child.manifest.metadata?.annotations?.[ANNOTATION_TLS_HASH] ?? '',
      /^[0-9a-f]{16}\.[0-9a-f]{16}$/,
    );
    assert.equal(renewInMs, 60 * DAY);
    assert.deepEqual(
      h.events.map((e) => e.reason),
      ['CertificateIssued'],
    );
    assert.match(
      h.events[0]!.message,
      /Secret shop\/web-tls: new key and a certificate for CN=web\.shop\.svc .*self-signed.*\(new Secret\)/,
    );
  });

  it('keeps the live key and certificate: the desired Secret equals the live one, so nothing is written', () => {
    const first = resolveOne(h).child;
    h.cache.store(first.manifest);
    h.setNow(new Date(START.getTime() + 10 * DAY));
    const again = resolveOne(h);
    assert.equal(h.keysMade(), 1);
    assert.deepEqual(again.child.manifest, first.manifest);
    assert.equal(needsApply(again.child.manifest, h.cache.child(first.manifest)), false);
    assert.equal(again.renewInMs, 50 * DAY);
    assert.equal(h.events.length, 1);
  });

  it('reuses what it wrote while the cache does not show it yet, instead of making another key', () => {
    const first = resolveOne(h).child;
    const again = resolveOne(h).child; // the cache still has no Secret
    assert.equal(h.keysMade(), 1);
    assert.deepEqual(again.manifest, first.manifest);
    h.cache.store(first.manifest);
    resolveOne(h);
    assert.equal(h.context.issued.size, 0, 'forgotten once the cache shows it');
  });

  it('renews the certificate once less than a third of validFor remains', () => {
    const first = resolveOne(h).child;
    h.cache.store(first.manifest);
    h.setNow(new Date(START.getTime() + 60 * DAY - 1000));
    assert.equal(resolveOne(h).renewInMs, 1000);
    h.setNow(new Date(START.getTime() + 60 * DAY));
    const renewed = resolveOne(h);
    assert.equal(h.keysMade(), 2);
    assert.notEqual(decoded(renewed.child, 'tls.key'), decoded(first, 'tls.key'));
    const cert = new X509Certificate(decoded(renewed.child, 'tls.crt'));
    assert.equal(new Date(cert.validTo).getTime(), START.getTime() + 150 * DAY);
    assert.match(h.events[1]!.message, /renewal, it expires 2030-06-02T05:06:07\.000Z/);
  });

  it('makes a new certificate when the names or validFor change, or when someone else changed it', () => {
    const first = resolveOne(h).child;
    const live = h.cache.store(first.manifest);
    const renamed = resolveOne(h, secretChild({ dnsNames: ['web'] })).child;
    assert.equal(new X509Certificate(decoded(renamed, 'tls.crt')).subjectAltName, 'DNS:web');
    assert.match(h.events[1]!.message, /commonName, dnsNames, validFor or CA changed/);
    h.context.issued.clear();
    h.cache.store(renamed.manifest);
    resolveOne(h, secretChild({ dnsNames: ['web'], validForMs: 30 * DAY }));
    assert.equal(h.keysMade(), 3);
    h.context.issued.clear();
    const data = {
      ...(live['data'] as Record<string, string>),
      'tls.key': Buffer.from('edited').toString('base64'),
    };
    h.cache.store({ ...live, data });
    resolveOne(h);
    assert.equal(h.keysMade(), 4);
    assert.match(h.events[3]!.message, /changed or cannot be read/);
  });

  it('writes a created-once tls Secret again when its certificate is made anew', () => {
    const child = secretChild({}, 'createOnly');
    const first = resolveOne(h, child).child;
    assert.equal(first.mode, 'enforce', 'a new certificate is written');
    h.cache.store(first.manifest);
    assert.equal(resolveOne(h, child).child.mode, 'createOnly', 'a kept one changes nothing');
  });

  it('signs with the CA Secret named by the entry, gives its certificate as ca.crt, and re-issues when the CA changes', () => {
    const ca = caSecret('shop');
    h.cache.secrets.set('shop/shop-ca', ca.secret);
    const child = secretChild({ ca: { secretName: 'shop-ca' } });
    const first = resolveOne(h, child).child;
    const leaf = new X509Certificate(decoded(first, 'tls.crt'));
    assert.equal(leaf.issuer, 'CN=shop-ca CA');
    assert.ok(leaf.verify(ca.cert.publicKey));
    assert.equal(decoded(first, 'ca.crt'), ca.cert.toString());
    assert.match(h.events[0]!.message, /signed by the CA in Secret shop\/shop-ca/);
    h.cache.store(first.manifest);
    resolveOne(h, child);
    assert.equal(h.keysMade(), 1);
    const rotated = caSecret('shop');
    h.cache.secrets.set('shop/shop-ca', rotated.secret);
    const reissued = resolveOne(h, child).child;
    assert.ok(new X509Certificate(decoded(reissued, 'tls.crt')).verify(rotated.cert.publicKey));
  });

  it('waits for a missing CA Secret and refuses one that cannot sign', () => {
    const child = secretChild({ ca: { secretName: 'shop-ca' } });
    assert.throws(
      () => resolveOne(h, child),
      (e: unknown) => e instanceof PendingError && /shop\/shop-ca/.test(e.message),
    );
    const leafOnly = caSecret('shop');
    const data = leafOnly.secret['data'] as Record<string, string>;
    h.cache.secrets.set('shop/shop-ca', {
      ...leafOnly.secret,
      data: { ...data, 'tls.key': Buffer.from('nope').toString('base64') },
    });
    assert.throws(
      () => resolveOne(h, child),
      (e: unknown) =>
        e instanceof TerminalError &&
        /CA Secret shop\/shop-ca: the private key cannot be read/.test(e.message),
    );
  });

  it('refuses a validFor of zero', () => {
    assert.throws(() => resolveOne(h, secretChild({ validForMs: 0 })), TerminalError);
  });

  it('offline, makes no key: the Secret stays without one and an event says what the runtime would make', () => {
    const offline = harness({ offline: true });
    const { child, renewInMs } = resolveOne(offline, secretChild({ ca: { secretName: 'shop-ca' } }));
    assert.equal(decoded(child, 'tls.crt'), '');
    assert.equal(renewInMs, undefined);
    assert.deepEqual(offline.events, [
      {
        reason: 'CertificateNotIssued',
        message:
          'Secret shop/web-tls: tls.crt, tls.key and ca.crt are made by the runtime, not here: a new ECDSA P-256 key and a certificate for CN=web.shop.svc (DNS: web.shop.svc, web), signed by the CA in Secret shop/shop-ca, valid for 90d (its CA Secret is not among the objects given)',
      },
    ]);
  });
});
