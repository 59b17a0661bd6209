import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { applyStep, freshCertificates, nextStep, type RotationPolicy } from './rotation.ts';
import {
  bundleOf,
  notAfterOf,
  signedBy,
  unusableReason,
  type StoredCertificates,
} from './stored-certificates.ts';

const MINUTE = 60_000;
const policy: RotationPolicy = {
  names: { dnsNames: ['orkestra.ops.svc'], ipAddresses: [] },
  validForMs: 60 * MINUTE,
  rotateBeforeMs: 20 * MINUTE,
  caValidForMs: 150 * MINUTE,
  propagationMs: 2 * MINUTE,
};

const leafOf = (stored: StoredCertificates) => new X509Certificate(stored.serving.certificatePem);
const caOf = (stored: StoredCertificates) => new X509Certificate(stored.ca.certificatePem);
/** Whether the bundle trusts the serving certificate: what the API server checks. */
const trusted = (stored: StoredCertificates) => bundleOf(stored).some((ca) => signedBy(leafOf(stored), ca));

test('a serving certificate is renewed rotateBefore its expiry, by the same CA', () => {
  const t0 = Date.now();
  const fresh = freshCertificates(policy, t0);
  assert.equal(unusableReason(fresh, policy.names, t0), undefined);
  const due = nextStep(fresh, policy);
  assert.deepEqual(due, { step: 'renew', at: notAfterOf(leafOf(fresh)) - 20 * MINUTE });
  assert.ok(Math.abs(due.at - (t0 + 40 * MINUTE)) < 1000);
  const renewed = applyStep(fresh, { step: 'renew', now: due.at }, policy);
  assert.notEqual(leafOf(renewed).serialNumber, leafOf(fresh).serialNumber);
  assert.equal(renewed.caBundlePem, fresh.caBundlePem, 'the bundle does not change');
  assert.ok(signedBy(leafOf(renewed), caOf(fresh)));
  assert.ok(Math.abs(notAfterOf(leafOf(renewed)) - (due.at + 60 * MINUTE)) < 1000);
});

test('a CA is rotated in three steps, each trusted by the bundle of the step before', () => {
  const t0 = Date.now();
  let stored = freshCertificates(policy, t0);
  // renew the serving certificate until the CA comes due (150 min CA, rotated 20 min before)
  const seen: string[] = [];
  for (let i = 0; i < 10 && seen.at(-1) !== 'drop-old-cas'; i++) {
    const due = nextStep(stored, policy);
    const before = stored;
    stored = applyStep(stored, { step: due.step, now: due.at }, policy);
    seen.push(due.step);
    assert.ok(trusted(stored), `after ${due.step}: the new bundle trusts the new serving certificate`);
    // registered first, the new bundle must also trust what replicas still serve: the old certificate
    assert.ok(
      bundleOf(stored).some((ca) => signedBy(leafOf(before), ca)),
      `after ${due.step}: the new bundle trusts the certificate served before`,
    );
    if (due.step === 'add-ca') {
      assert.ok(Math.abs(due.at - (notAfterOf(caOf(before)) - 20 * MINUTE)) < 1000);
      assert.equal(stored.serving, before.serving, 'the served certificate stays until the CA is trusted');
      assert.equal(bundleOf(stored).length, 2);
    }
  }
  assert.deepEqual(seen, ['renew', 'renew', 'renew', 'add-ca', 'renew', 'drop-old-cas']);
  assert.equal(bundleOf(stored).length, 1);
  assert.ok(signedBy(leafOf(stored), caOf(stored)));
});

test('the steps of a CA rotation wait for the previous one to propagate', () => {
  const t0 = Date.now();
  const fresh = freshCertificates(policy, t0);
  const added = applyStep(fresh, { step: 'add-ca', now: t0 + MINUTE }, policy);
  assert.deepEqual(nextStep(added, policy), { step: 'renew', at: t0 + 3 * MINUTE });
  const switched = applyStep(added, { step: 'renew', now: t0 + 3 * MINUTE }, policy);
  assert.deepEqual(nextStep(switched, policy), { step: 'drop-old-cas', at: t0 + 5 * MINUTE });
});

test('a CA rotation starts early enough to finish, however short rotateBefore is', () => {
  const t0 = Date.now();
  const short = { ...policy, rotateBeforeMs: MINUTE, propagationMs: 10 * MINUTE, validForMs: 200 * MINUTE };
  const fresh = freshCertificates(short, t0);
  const due = nextStep(fresh, short);
  assert.equal(due.step, 'add-ca');
  assert.equal(due.at, notAfterOf(caOf(fresh)) - 30 * MINUTE);
});

test('a stored set is not usable when it lacks a name, has expired or its bundle does not trust it', () => {
  const t0 = Date.now();
  const fresh = freshCertificates(policy, t0);
  const other = { dnsNames: ['orkestra.other.svc'], ipAddresses: [] };
  assert.match(unusableReason(fresh, other, t0) ?? '', /does not cover/);
  assert.match(unusableReason(fresh, policy.names, t0 + 61 * MINUTE) ?? '', /expired/);
  const foreign = freshCertificates(policy, t0);
  assert.match(
    unusableReason({ ...fresh, caBundlePem: foreign.caBundlePem }, policy.names, t0) ?? '',
    /bundle/,
  );
  const swapped = { ...fresh, serving: { ...fresh.serving, keyPem: foreign.serving.keyPem } };
  assert.match(unusableReason(swapped, policy.names, t0) ?? '', /cannot be read/);
});
