import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { buildTemplateData, createTemplateRenderer } from '../../resources/index.ts';
import { katalogFunctions } from './katalog-functions.ts';
import { normalizeSpecPatch, type NormalizeRule } from './normalize.ts';

const scope = {
  render: createTemplateRenderer({ funcs: katalogFunctions({}, () => new Date(0)) }),
  dataOf: (cr: KubeObject) => buildTemplateData({ cr, children: [] }),
};

function cr(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'x.test/v1', kind: 'Plan', metadata: { name: 'p', namespace: 'n' }, spec };
}

function patch(spec: Record<string, unknown>, rules: NormalizeRule[]): Record<string, unknown> | undefined {
  return normalizeSpecPatch(cr(spec), rules, scope);
}

describe('normalizeSpecPatch', () => {
  it('returns nothing when every field is already canonical', () => {
    assert.equal(patch({ tier: 'gold' }, [{ path: 'tier', template: '{{ lower .spec.tier }}' }]), undefined);
  });

  it('patches only the fields whose canonical form differs, nested paths included', () => {
    const rules = [
      { path: 'tier', template: '{{ .spec.tier | trim | lower }}' },
      { path: 'limits.region', template: '{{ upper .spec.limits.region }}' },
      { path: 'name', template: '{{ lower .spec.name }}' },
    ];
    const spec = { tier: ' GOLD ', limits: { region: 'eu', cpu: 4 }, name: 'same' };
    assert.deepEqual(patch(spec, rules), { tier: 'gold', limits: { region: 'EU' } });
  });

  it('keeps a number a number and a boolean a boolean', () => {
    const rules = [
      { path: 'replicas', template: '{{ max .spec.replicas 1 }}' },
      { path: 'suspend', template: '{{ if .spec.suspend }}true{{ else }}false{{ end }}' },
    ];
    assert.deepEqual(patch({ replicas: 0, suspend: true }, rules), { replicas: 1 });
  });

  it('leaves an absent field absent when its canonical form is empty', () => {
    assert.equal(patch({}, [{ path: 'tier', template: '{{ lower .spec.tier }}' }]), undefined);
  });

  it('lets a later rule see what an earlier one made canonical', () => {
    const rules = [
      { path: 'tier', template: '{{ lower .spec.tier }}' },
      { path: 'label', template: 'tier-{{ .spec.tier }}' },
    ];
    assert.deepEqual(patch({ tier: 'GOLD' }, rules), { tier: 'gold', label: 'tier-gold' });
  });

  it('never changes the CR it is given', () => {
    const original = cr({ tier: 'GOLD' });
    normalizeSpecPatch(original, [{ path: 'tier', template: '{{ lower .spec.tier }}' }], scope);
    assert.deepEqual(original.spec, { tier: 'GOLD' });
  });
});
