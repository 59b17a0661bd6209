import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConditionError } from '../errors.ts';
import { fakeRender } from '../testing/fake-render.ts';
import type { Condition } from '../../plan/index.ts';
import { evaluateCondition, passesConditions, resolveField } from './evaluate-condition.ts';
import type { ConditionScope } from './evaluate-condition.ts';
import { loadRegexEngine } from '../../util/index.ts';

// As an operator box does before its first reconcile when its Plan holds a regex.
before(loadRegexEngine);

const data = {
  metadata: { name: 'shop', namespace: 'web' },
  spec: { environment: 'production', replicas: 3, image: 'myorg/shop:1.2', tags: ['a', 'b'], empty: '' },
  status: { phase: 'Running/build' },
  external: { health: { status: 200, called: true, error: '' } },
  children: { job: { status: { succeeded: 1 } } },
  item: { name: 'db1' },
};
const scope: ConditionScope = { data, render: fakeRender };
const check = (condition: Condition): boolean => evaluateCondition(condition, scope);

describe('evaluateCondition', () => {
  it('compares a dotted path of the CR with equals and notEquals', () => {
    assert.equal(check({ field: 'spec.environment', equals: 'production' }), true);
    assert.equal(check({ field: 'spec.environment', equals: 'staging' }), false);
    assert.equal(check({ field: 'spec.environment', notEquals: 'staging' }), true);
  });

  it('accepts the long form operator + value, aliases included', () => {
    assert.equal(check({ field: 'status.phase', operator: 'hasPrefix', value: 'Running/' }), true);
    assert.equal(check({ field: 'status.phase', operator: 'hasSuffix', value: '/build' }), true);
    assert.equal(check({ field: 'status.phase', operator: 'notExists' }), false);
  });

  it('reads external, children and forEach data, not only the CR', () => {
    assert.equal(check({ field: 'external.health.status', equals: '200' }), true);
    assert.equal(check({ field: 'children.job.status.succeeded', greaterThanOrEqual: 1 }), true);
    assert.equal(check({ field: 'item.name', in: 'db0, db1' }), true);
  });

  it('renders a template field and compares its result', () => {
    assert.equal(check({ field: '{{ .spec.replicas }}', equals: '3' }), true);
    assert.equal(check({ field: '{{ .external.health.called }}', equals: 'true' }), true);
    assert.equal(check({ field: '{{ .metadata.name }}-x', equals: 'shop-x' }), true);
  });

  it('renders template operands', () => {
    assert.equal(check({ field: 'spec.image', prefix: '{{ .metadata.name }}' }), false);
    assert.equal(check({ field: 'metadata.namespace', equals: '{{ .metadata.namespace }}' }), true);
    assert.equal(check({ field: 'spec.replicas', in: ['{{ .spec.replicas }}'] }), true);
  });

  it('applies the missing-field rule: exists fails, notExists and negatives pass, the rest fail', () => {
    const missing = 'spec.nothing';
    assert.equal(check({ field: missing, exists: true }), false);
    assert.equal(check({ field: missing, notExists: true }), true);
    for (const op of ['notEquals', 'notContains', 'notPrefix', 'notSuffix', 'notIn'] as const) {
      assert.equal(check({ field: missing, [op]: 'x' }), true, op);
    }
    for (const op of ['equals', 'contains', 'prefix', 'suffix', 'regex', 'in', 'greaterThan'] as const) {
      assert.equal(check({ field: missing, [op]: '1' }), false, op);
    }
    assert.equal(check({ field: missing, between: '1,2' }), false);
  });

  it('treats an empty string like a missing field', () => {
    assert.equal(check({ field: 'spec.empty', exists: true }), false);
    assert.equal(check({ field: 'spec.empty', equals: '' }), false);
    assert.equal(check({ field: 'external.health.error', notExists: true }), true);
  });

  it('reads exists: false as notExists and notExists: false as exists', () => {
    assert.equal(check({ field: 'spec.nothing', exists: false }), true);
    assert.equal(check({ field: 'spec.environment', notExists: false }), true);
  });

  it('compares numbers numerically, numeric strings included', () => {
    assert.equal(check({ field: 'spec.replicas', greaterThan: '2' }), true);
    assert.equal(check({ field: 'spec.replicas', greaterThan: 10 }), false);
    assert.equal(check({ field: 'spec.replicas', lessThan: '10' }), true);
    assert.equal(check({ field: 'spec.replicas', lessThanOrEqual: 3 }), true);
    assert.equal(check({ field: 'spec.replicas', equals: '3.0' }), true);
    assert.equal(check({ field: 'spec.replicas', between: '1, 3' }), true);
    assert.equal(check({ field: 'spec.replicas', between: '4,9' }), false);
  });

  it('fails a numeric operator on a non-numeric field', () => {
    assert.equal(check({ field: 'spec.environment', greaterThan: '1' }), false);
  });

  it('tests membership of lists with contains and substrings of text', () => {
    assert.equal(check({ field: 'spec.tags', contains: 'b' }), true);
    assert.equal(check({ field: 'spec.tags', notContains: 'c' }), true);
    assert.equal(check({ field: 'spec.image', contains: 'shop' }), true);
  });

  it('matches regular expressions', () => {
    assert.equal(check({ field: 'spec.image', regex: '^myorg/[a-z]+:\\d' }), true);
    assert.equal(check({ field: 'spec.image', regex: '^other/' }), false);
  });

  it('reads regular expressions as Go does: inline flags, POSIX classes, \\z', () => {
    assert.equal(check({ field: 'spec.image', regex: '(?i)^MYORG/' }), true);
    assert.equal(check({ field: 'spec.environment', regex: '^[[:alpha:]]+\\z' }), true);
    assert.equal(check({ field: 'spec.image', operator: 'regex', value: '^myorg/[[:alpha:]]+$' }), false);
  });

  it('refuses what Go refuses: lookahead and backreferences are operand errors naming the field', () => {
    assert.throws(() => check({ field: 'spec.image', regex: '^(?=myorg)' }), /spec\.image.*lookahead/);
    assert.throws(() => check({ field: 'spec.image', regex: '(o)\\1' }), /invalid escape sequence/);
  });

  it('decides a backtracking-shaped pattern on a long CR field at once', { timeout: 10_000 }, () => {
    const long = {
      ...data,
      spec: { ...data.spec, name: 'a'.repeat(35) + '!', big: 'a'.repeat(100_000) + '!' },
    };
    const at = (condition: Condition) => evaluateCondition(condition, { data: long, render: fakeRender });
    assert.equal(at({ field: 'spec.name', regex: '^(a+)+$' }), false);
    assert.equal(at({ field: 'spec.big', regex: '^(a+)+$' }), false);
  });

  it('throws a ConditionError naming the field for an unusable operand', () => {
    assert.throws(() => check({ field: 'spec.replicas', greaterThan: 'many' }), ConditionError);
    assert.throws(() => check({ field: 'spec.replicas', between: '3' }), /spec\.replicas.*between/);
    assert.throws(() => check({ field: 'spec.image', regex: '(' }), /invalid regular expression/);
  });

  it('throws a ConditionError for an unknown operator or none at all', () => {
    assert.throws(() => check({ field: 'spec.x', operator: 'custom', value: 'v' }), /unknown operator/);
    assert.throws(() => check({ field: 'spec.x' }), /no operator/);
  });
});

describe('passesConditions', () => {
  const yes: Condition = { field: 'spec.environment', equals: 'production' };
  const no: Condition = { field: 'spec.environment', equals: 'dev' };

  it('passes an empty gate', () => {
    assert.equal(passesConditions({}, scope), true);
    assert.equal(passesConditions({ when: [], or: [] }, scope), true);
  });

  it('needs every when condition', () => {
    assert.equal(passesConditions({ when: [yes, yes] }, scope), true);
    assert.equal(passesConditions({ when: [yes, no] }, scope), false);
  });

  it('needs at least one or condition', () => {
    assert.equal(passesConditions({ or: [no, yes] }, scope), true);
    assert.equal(passesConditions({ or: [no, no] }, scope), false);
  });

  it('needs both blocks when when and or are given', () => {
    assert.equal(passesConditions({ when: [yes], or: [no, yes] }, scope), true);
    assert.equal(passesConditions({ when: [no], or: [yes] }, scope), false);
    assert.equal(passesConditions({ when: [yes], or: [no] }, scope), false);
  });

  it('stops at the first failing when condition without evaluating the rest', () => {
    const broken: Condition = { field: 'spec.replicas', greaterThan: 'not a number' };
    assert.equal(passesConditions({ when: [no, broken] }, scope), false);
  });
});

describe('resolveField', () => {
  it('returns undefined for a path through missing data', () => {
    assert.equal(resolveField('children.deployment.status.readyReplicas', scope), undefined);
  });
});
