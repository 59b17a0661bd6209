import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { ConflictError } from '../kube/index.ts';
import { silentLogger } from '../observability/index.ts';
import { FakeClock } from '../runtime/testing/index.ts';
import type { TrustedCertificates } from './certificate-source.ts';
import { ManagedCertificates } from './managed-certificates.ts';
import { freshCertificates, type RotationPolicy } from './rotation.ts';
import type { SecretStore } from './secret-store.ts';
import { certificateBlocks, secretContent, signedBy, type SecretObject } from './stored-certificates.ts';

const MINUTE = 60_000;
const NAMES = { dnsNames: ['orkestra.ops.svc'], ipAddresses: [] };
const policy: RotationPolicy = {
  names: NAMES,
  validForMs: 60 * MINUTE,
  rotateBeforeMs: 20 * MINUTE,
  caValidForMs: 150 * MINUTE,
  propagationMs: 2 * MINUTE,
};

/** One namespace's Secrets in memory, with the API server's create and conditional-update rules. */
class MemorySecrets implements SecretStore {
  secret: SecretObject | undefined;
  writes = 0;
  /** Every version written, with the time it was written at (for replicas that read late). */
  readonly history: { at: number; secret: SecretObject }[] = [];
  #version = 0;

  readonly clock: FakeClock | undefined;

  constructor(clock?: FakeClock) {
    this.clock = clock;
  }

  get(): Promise<SecretObject | undefined> {
    return Promise.resolve(this.secret === undefined ? undefined : structuredClone(this.secret));
  }

  create(secret: SecretObject): Promise<SecretObject> {
    if (this.secret !== undefined) return Promise.reject(conflict('exists'));
    return Promise.resolve(this.#store(secret));
  }

  replace(secret: SecretObject): Promise<SecretObject> {
    if (secret.metadata?.resourceVersion !== this.secret?.metadata?.resourceVersion) {
      return Promise.reject(conflict('stale'));
    }
    return Promise.resolve(this.#store(secret));
  }

  #store(secret: SecretObject): SecretObject {
    this.writes++;
    const metadata = { ...secret.metadata, resourceVersion: String(++this.#version) };
    this.secret = structuredClone({ ...secret, metadata });
    this.history.push({ at: this.clock?.now() ?? 0, secret: structuredClone(this.secret) });
    return structuredClone(this.secret);
  }
}

/**
 * The same Secrets seen `lagMs` late, by a replica that always loses the race to write: it learns of
 * every step only from its reads, late.
 */
function lagging(secrets: MemorySecrets, clock: FakeClock, lagMs: number): SecretStore {
  return {
    get: () => {
      const seen = secrets.history.filter((h) => h.at <= clock.now() - lagMs).at(-1);
      return Promise.resolve(seen === undefined ? undefined : structuredClone(seen.secret));
    },
    create: () => Promise.reject(conflict('lost the race')),
    replace: () => Promise.reject(conflict('lost the race')),
  };
}

function conflict(message: string): ConflictError {
  return new ConflictError({ code: 409, message });
}

function source(secrets: SecretStore, clock: FakeClock): ManagedCertificates {
  return new ManagedCertificates({
    secrets,
    name: 'orkestra-demo-webhook-tls',
    policy,
    clock,
    pollMs: MINUTE,
    logger: silentLogger,
  });
}

const serial = (certificates: TrustedCertificates) =>
  new X509Certificate(certificates.serving.certificatePem).serialNumber;

/** Moves the fake clock in small steps, letting the sources' promises run between them. */
async function advance(clock: FakeClock, ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 10_000) {
    clock.advance(Math.min(10_000, left));
    for (let i = 0; i < 20; i++) await tick();
  }
}

test('the first replica creates the Secret; the next one serves the same certificate', async () => {
  const secrets = new MemorySecrets();
  const clock = new FakeClock(Date.now());
  const signal = new AbortController().signal;
  const first = await source(secrets, clock).load(signal);
  assert.equal(secrets.secret?.type, 'kubernetes.io/tls');
  assert.deepEqual(Object.keys(secrets.secret.data ?? {}).sort(), [
    'ca-bundle.crt',
    'ca.crt',
    'ca.key',
    'tls.crt',
    'tls.key',
  ]);
  const second = await source(secrets, clock).load(signal);
  assert.equal(serial(second), serial(first));
  assert.equal(secrets.writes, 1);
});

test('a create that loses the race reads the winner’s Secret', async () => {
  const secrets = new MemorySecrets();
  const clock = new FakeClock(Date.now());
  const winner = await source(secrets, clock).load(new AbortController().signal);
  // the loser read before the winner wrote: its first read finds nothing
  let reads = 0;
  const racing: SecretStore = {
    get: () => (reads++ === 0 ? Promise.resolve(undefined) : secrets.get()),
    create: (s) => secrets.create(s),
    replace: (s) => secrets.replace(s),
  };
  const loser = await source(racing, clock).load(new AbortController().signal);
  assert.equal(serial(loser), serial(winner));
  assert.equal(reads, 2);
});

test('a Secret whose certificate lacks a name of the endpoint is re-issued', async () => {
  const secrets = new MemorySecrets();
  const clock = new FakeClock(Date.now());
  const other = freshCertificates(
    { ...policy, names: { dnsNames: ['elsewhere'], ipAddresses: [] } },
    clock.now(),
  );
  const { annotations, ...content } = secretContent(other);
  await secrets.create({ metadata: { name: 'orkestra-demo-webhook-tls', annotations }, ...content });
  const loaded = await source(secrets, clock).load(new AbortController().signal);
  const leaf = new X509Certificate(loaded.serving.certificatePem);
  assert.equal(leaf.checkHost('orkestra.ops.svc'), 'orkestra.ops.svc');
  assert.equal(secrets.writes, 2, 'replaced with the resourceVersion read');
  assert.equal(secrets.secret?.metadata?.resourceVersion, '2');
});

test('a Secret missing a key is re-issued', async () => {
  const secrets = new MemorySecrets();
  const clock = new FakeClock(Date.now());
  await secrets.create({
    metadata: { name: 'orkestra-demo-webhook-tls' },
    type: 'kubernetes.io/tls',
    data: {},
  });
  const loaded = await source(secrets, clock).load(new AbortController().signal);
  assert.equal(
    new X509Certificate(loaded.serving.certificatePem).checkHost('orkestra.ops.svc'),
    'orkestra.ops.svc',
  );
});

/** A replica as the runtime drives it: registers each new bundle, then serves its certificate. */
interface Replica {
  serving: TrustedCertificates['serving'];
}

test('two replicas rotate serving certificates and a CA with no moment a served certificate is untrusted', async () => {
  const clock = new FakeClock(Date.now());
  const secrets = new MemorySecrets(clock);
  const controller = new AbortController();
  let registered = '';
  const replicas: Replica[] = [];
  const violations: string[] = [];
  const bundleTrusts = (pem: string) =>
    certificateBlocks(registered).some((ca) => signedBy(new X509Certificate(pem), new X509Certificate(ca)));
  const checkAll = (when: string) => {
    replicas.forEach((r, i) => {
      if (!bundleTrusts(r.serving.certificatePem)) violations.push(`replica ${i} untrusted ${when}`);
    });
  };
  const bundles: number[] = [];
  const serials = new Set<string>();
  const start = async (store: SecretStore) => {
    const s = source(store, clock);
    const first = await s.load(controller.signal);
    registered = first.caBundlePem;
    const replica: Replica = { serving: first.serving };
    replicas.push(replica);
    void s.maintain(controller.signal, (next) => {
      registered = next.caBundlePem; // the runtime registers the bundle first…
      checkAll(`at ${String(clock.now())} once the bundle is registered`);
      replica.serving = next.serving; // …then serves the certificate
      bundles.push(certificateBlocks(next.caBundlePem).length);
      serials.add(serial(next));
      return Promise.resolve();
    });
  };
  await start(secrets);
  await advance(clock, 60_000);
  // the second replica reads everything 50 s late: a rotation must not outrun it
  await start(lagging(secrets, clock, 50_000));
  // 140 min: three serving renewals, then the CA's three steps (from 130 min on)
  await advance(clock, 140 * MINUTE);
  controller.abort();
  assert.deepEqual(violations, []);
  assert.ok(serials.size >= 4, `serving certificates seen: ${serials.size}`);
  assert.ok(bundles.includes(2), 'the old and the new CA were trusted together');
  assert.equal(bundles.at(-1), 1, 'the old CA is dropped at the end');
  const served = replicas.map((r) => new X509Certificate(r.serving.certificatePem).serialNumber);
  assert.equal(served[0], served[1], 'both replicas serve the same certificate');
});

test('a Secret deleted while the runtime serves is written again with the certificate it serves', async () => {
  const clock = new FakeClock(Date.now());
  const secrets = new MemorySecrets(clock);
  const controller = new AbortController();
  const s = source(secrets, clock);
  const first = await s.load(controller.signal);
  const changes: TrustedCertificates[] = [];
  void s.maintain(controller.signal, (next) => {
    changes.push(next);
    return Promise.resolve();
  });
  secrets.secret = undefined;
  await advance(clock, 2 * MINUTE);
  controller.abort();
  const restored = secrets.secret as SecretObject | undefined;
  assert.ok(restored?.data, 'the Secret is back');
  assert.equal(
    Buffer.from(restored.data['tls.crt'] ?? '', 'base64').toString(),
    first.serving.certificatePem,
  );
  assert.deepEqual(changes, [], 'nothing changed for the API server');
});
