import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DelayHeap } from './delay-heap.ts';

describe('DelayHeap', () => {
  it('pops due keys earliest first and keeps later ones', () => {
    const heap = new DelayHeap<string>();
    heap.push('c', 30);
    heap.push('a', 10);
    heap.push('b', 20);
    assert.deepEqual(heap.popDue(20), ['a', 'b']);
    assert.equal(heap.peekTime(), 30);
    assert.equal(heap.size, 1);
  });

  it('keeps the earlier due time when a key is pushed twice', () => {
    const heap = new DelayHeap<string>();
    assert.equal(heap.push('a', 50), true);
    assert.equal(heap.push('a', 80), false);
    assert.equal(heap.push('a', 20), true);
    assert.equal(heap.dueOf('a'), 20);
    assert.deepEqual(heap.popDue(100), ['a']);
    assert.deepEqual(heap.popDue(1000), []);
  });

  it('yields each pushed key exactly once, at its earliest time, in time order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(1000))), (pushes) => {
        const heap = new DelayHeap<number>();
        const earliest = new Map<number, number>();
        for (const [key, at] of pushes) {
          heap.push(key, at);
          earliest.set(key, Math.min(at, earliest.get(key) ?? Infinity));
        }
        const popped: number[] = [];
        for (let now = 0; now <= 1000; now += 100) popped.push(...heap.popDue(now));
        assert.deepEqual([...popped].sort(), [...earliest.keys()].sort());
        const times = popped.map((k) => earliest.get(k) ?? -1);
        assert.deepEqual(
          times,
          [...times].sort((x, y) => x - y),
        );
      }),
    );
  });
});
