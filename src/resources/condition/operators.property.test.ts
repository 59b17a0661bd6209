import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { valuesEqual } from './compare-values.ts';
import { applyOperator } from './operators.ts';

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }),
  fc.boolean(),
  fc.constantFrom('', '1', '1.0', '01', ' 2 ', 'true', 'a,b'),
);
const fieldValue = fc.oneof(
  scalar,
  fc.constant(undefined),
  fc.constant(null),
  fc.array(scalar, { maxLength: 3 }),
);
const twins = [
  ['equals', 'notEquals'],
  ['contains', 'notContains'],
  ['prefix', 'notPrefix'],
  ['suffix', 'notSuffix'],
  ['in', 'notIn'],
  ['exists', 'notExists'],
] as const;

describe('condition operator laws', () => {
  it('makes every negative operator the exact complement of its positive twin', () => {
    fc.assert(
      fc.property(fieldValue, scalar, (field, operand) => {
        for (const [positive, negative] of twins) {
          const a = applyOperator(positive, field, operand);
          const b = applyOperator(negative, field, operand);
          assert.notEqual(a, b, `${positive}/${negative} on ${JSON.stringify(field)}`);
        }
      }),
    );
  });

  it('makes in and notIn complementary for list operands too', () => {
    fc.assert(
      fc.property(fieldValue, fc.array(scalar, { maxLength: 4 }), (field, members) => {
        assert.notEqual(applyOperator('in', field, members), applyOperator('notIn', field, members));
      }),
    );
  });

  it('makes equality symmetric and reflexive', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        assert.equal(valuesEqual(a, b), valuesEqual(b, a));
        assert.equal(valuesEqual(a, a), true);
      }),
    );
  });

  it('makes equals on a present scalar agree with in over a one-element list', () => {
    fc.assert(
      fc.property(scalar, scalar, (field, operand) => {
        assert.equal(applyOperator('equals', field, operand), applyOperator('in', field, [operand]));
      }),
    );
  });

  it('orders numbers consistently: exactly one of lessThan, equals, greaterThan holds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        const results = [
          applyOperator('lessThan', a, b),
          applyOperator('equals', a, b),
          applyOperator('greaterThan', a, b),
        ];
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(applyOperator('greaterThanOrEqual', a, b), !applyOperator('lessThan', a, b));
      }),
    );
  });

  it('compares numeric strings like the numbers they hold', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        assert.equal(applyOperator('greaterThan', String(a), b), a > b);
        assert.equal(applyOperator('between', a, `${Math.min(a, b)},${Math.max(a, b)}`), true);
      }),
    );
  });
});
