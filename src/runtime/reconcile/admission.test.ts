import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import { createTemplateRenderer } from '../../resources/index.ts';
import { createFunctionCatalog } from '../../template/index.ts';
import { admit, mutate } from './admission.ts';

const render = createTemplateRenderer({ funcs: createFunctionCatalog({ clock: () => new Date(0) }) });
const cr: KubeObject = {
  apiVersion: 'demo.io/v1',
  kind: 'Site',
  metadata: { name: 'a' },
  spec: { tags: ['x', 'y'] },
};

function rule(field: string, value: string, valueType: 'string' | 'auto'): NonNullable<Plan['mutation']> {
  return {
    mutateFirst: true,
    rules: [{ field, mode: 'override', value, valueType, when: [], or: [] }],
  };
}

const spec = (o: KubeObject) => o['spec'] as Record<string, unknown>;
const scope = { render, dataOf: (o: KubeObject) => o as unknown as Record<string, unknown> };

describe('mutate', () => {
  it('writes into a string-typed field exactly what Go prints: a float in exponent form, a list as [a b]', () => {
    assert.equal(spec(mutate(cr, rule('spec.ratio', '{{ 1e6 }}', 'string'), scope))['ratio'], '1e+06');
    assert.equal(
      spec(mutate(cr, rule('spec.joined', '{{ .spec.tags }}', 'string'), scope))['joined'],
      '[x y]',
    );
  });

  it('keeps the typed result of an auto field', () => {
    assert.equal(spec(mutate(cr, rule('spec.ratio', '{{ 1e6 }}', 'auto'), scope))['ratio'], 1_000_000);
  });
});

describe('admit', () => {
  const plan = (mutateFirst: boolean): Pick<Plan, 'mutation' | 'validation'> => ({
    mutation: {
      mutateFirst,
      rules: [{ field: 'spec.size', mode: 'default', value: 'small', valueType: 'auto', when: [], or: [] }],
    },
    validation: [
      {
        rule: { field: 'spec.size', fieldIsTemplate: false, operator: 'exists', value: undefined },
        applies: { when: [], or: [] },
        message: 'size is required',
        action: 'deny',
      },
    ],
  });
  const data = (o: KubeObject) => ({ spec: o['spec'] }) as Record<string, unknown>;

  it('validates the mutated CR by default (mutateFirst): a rule may rely on a default', () => {
    const outcome = admit(cr, plan(true), { render, dataOf: data });
    assert.deepEqual(outcome.validation.denied, []);
    assert.equal(spec(outcome.effective)['size'], 'small');
    assert.deepEqual(outcome.data, data(outcome.effective));
  });

  it('validates the CR as written before mutating it when mutateFirst is false', () => {
    const outcome = admit(cr, plan(false), { render, dataOf: data });
    assert.deepEqual(outcome.validation.denied, ['size is required']);
    assert.equal(spec(outcome.effective)['size'], 'small');
    assert.deepEqual(outcome.data, data(outcome.effective));
  });
});
