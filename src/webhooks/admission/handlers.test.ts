/**
 * The admission handlers as functions of the AdmissionRequest: defaults, overrides and typed values
 * come back as a JSON Patch; deny rules refuse with their messages, warn rules allow with warnings;
 * `mutateFirst` decides whether validation sees the defaults; a rule whose template fails denies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import { admissionScopeFor } from '../../runtime/index.ts';
import type { AdmissionRequest } from '../reviews.ts';
import { reviewMutation, reviewValidation, validatesInMutation, type CrdAdmission } from './handlers.ts';

const katalog = (mutateFirst: boolean) => `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: unit}
spec:
  crds:
    site:
      apiTypes: {group: demo.io, version: v1, kind: Site, plural: sites}
      mutation:
        mutateFirst: ${String(mutateFirst)}
        rules:
          - {field: spec.replicas, default: "2"}
          - {field: spec.managedBy, override: orkestra}
          - {field: spec.host, default: "{{ .metadata.name }}.example.com"}
          - {field: spec.port, default: "{{ 8080 }}", valueType: string}
          - {field: spec.perShard, default: "{{ div 100 .spec.shards }}", when: [{field: spec.shards, exists: true}]}
      validation:
        rules:
          - {field: spec.image, prefix: "myorg/", message: "images must come from myorg/ (got {{ .spec.image }})"}
          - {field: spec.replicas, exists: true, message: "spec.replicas is required"}
          - {field: spec.replicas, lessThan: 10, message: "more than 9 replicas is costly", action: warn}
`;

async function admissionOf(mutateFirst: boolean): Promise<CrdAdmission> {
  const text = katalog(mutateFirst);
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
  assert.ok(loaded.katalog !== undefined, loaded.diagnostics.map((d) => d.message).join('; '));
  const [plan] = compileKatalog(loaded.katalog) as Plan[];
  assert.ok(plan);
  const scope = await admissionScopeFor(plan);
  return { plan, scope: () => Promise.resolve(scope) };
}

const site = (spec: Record<string, unknown>, metadata: object = {}): KubeObject => ({
  apiVersion: 'demo.io/v1',
  kind: 'Site',
  metadata: { name: 'shop', namespace: 'ns', ...metadata },
  spec,
});

const request = (object: KubeObject, more: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
  uid: 'u1',
  kind: { group: 'demo.io', version: 'v1', kind: 'Site' },
  resource: { group: 'demo.io', version: 'v1', resource: 'sites' },
  operation: 'CREATE',
  object,
  ...more,
});

describe('the mutating handler', () => {
  it('patches in defaults, overrides and typed values, and only those', async () => {
    const admission = await admissionOf(true);
    const { decision, result } = await reviewMutation(admission, request(site({ image: 'myorg/web' })));
    assert.equal(result, 'allowed');
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.patch, [
      { op: 'add', path: '/spec/replicas', value: 2 },
      { op: 'add', path: '/spec/managedBy', value: 'orkestra' },
      { op: 'add', path: '/spec/host', value: 'shop.example.com' },
      { op: 'add', path: '/spec/port', value: '8080' },
    ]);
  });

  it('keeps a value the user wrote for a default, and replaces one for an override', async () => {
    const admission = await admissionOf(true);
    const cr = site({ image: 'myorg/web', replicas: 5, managedBy: 'me', host: 'h', port: '1' });
    const { decision } = await reviewMutation(admission, request(cr));
    assert.deepEqual(decision.patch, [{ op: 'replace', path: '/spec/managedBy', value: 'orkestra' }]);
  });

  it('with mutateFirst (the default) does not validate: the validating webhook does, after it', async () => {
    const admission = await admissionOf(true);
    const { decision } = await reviewMutation(admission, request(site({ image: 'docker.io/web' })));
    assert.equal(decision.allowed, true);
    assert.equal(validatesInMutation(admission.plan), false);
  });

  it('with mutateFirst false validates the CR as written, before the defaults', async () => {
    const admission = await admissionOf(false);
    assert.equal(validatesInMutation(admission.plan), true);
    // no replicas written: the default would satisfy the rule, but validation comes first
    const { decision, result } = await reviewMutation(admission, request(site({ image: 'myorg/web' })));
    assert.equal(result, 'denied');
    assert.equal(decision.allowed, false);
    assert.equal(decision.status?.message, 'spec.replicas is required');
    assert.equal(decision.patch, undefined);
    const written = await reviewMutation(admission, request(site({ image: 'myorg/web', replicas: 12 })));
    assert.equal(written.decision.allowed, true);
    assert.deepEqual(written.decision.warnings, ['more than 9 replicas is costly']);
    assert.ok((written.decision.patch ?? []).some((op) => op.path === '/spec/managedBy'));
  });

  it('denies with a message naming the CR when a rule template fails, and counts an error', async () => {
    const admission = await admissionOf(true);
    const cr = site({ image: 'myorg/web', shards: 0 });
    const { decision, result } = await reviewMutation(admission, request(cr));
    assert.equal(result, 'error');
    assert.equal(decision.allowed, false);
    assert.match(decision.status?.message ?? '', /^Site "shop": .*division by zero/);
  });

  it('leaves a CR being deleted alone (its finalizer must come off)', async () => {
    const admission = await admissionOf(true);
    const cr = site({}, { deletionTimestamp: '2026-01-01T00:00:00Z' });
    const { decision } = await reviewMutation(admission, request(cr, { operation: 'UPDATE', oldObject: cr }));
    assert.deepEqual(decision, { allowed: true });
  });
});

describe('the validating handler', () => {
  it('denies with every failed deny rule message, rendered', async () => {
    const admission = await admissionOf(true);
    const { decision, result } = await reviewValidation(admission, request(site({ image: 'docker.io/web' })));
    assert.equal(result, 'denied');
    assert.equal(decision.allowed, false);
    assert.equal(decision.status?.code, 403);
    assert.equal(
      decision.status.message,
      'images must come from myorg/ (got docker.io/web); spec.replicas is required',
    );
  });

  it('allows with the warnings of failed warn rules', async () => {
    const admission = await admissionOf(true);
    const cr = site({ image: 'myorg/web', replicas: 20 });
    const { decision, result } = await reviewValidation(admission, request(cr));
    assert.equal(result, 'allowed');
    assert.equal(decision.allowed, true);
    assert.deepEqual(decision.warnings, ['more than 9 replicas is costly']);
  });

  it('allows an UPDATE of an invalid CR that changes only its bookkeeping (a finalizer)', async () => {
    const admission = await admissionOf(true);
    const old = site({ image: 'docker.io/web', replicas: 1 });
    const cr = site({ image: 'docker.io/web', replicas: 1 }, { finalizers: ['orkestra.orkspace.io/x'] });
    const update = await reviewValidation(admission, request(cr, { operation: 'UPDATE', oldObject: old }));
    assert.equal(update.decision.allowed, true);
    const changed = site({ image: 'docker.io/other', replicas: 1 });
    const edit = await reviewValidation(admission, request(changed, { operation: 'UPDATE', oldObject: old }));
    assert.equal(edit.decision.allowed, false);
  });
});
