/**
 * The hostile families of issue 16 as regression cases: each runs `ork validate` or `ork render`
 * bounded to 10 s and 512 MB and must end `ok` or in a located error as it declares — except the
 * cases of known-failing.ts, which must still fail (until the work that fixes them is merged).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { families } from './corpus/index.ts';
import { describeOutcome, mismatch, runCase } from './harness/case.ts';
import { CASE_TIMEOUT_MS, KNOWN_FAILING_TIMEOUT_MS } from './harness/bounds.ts';
import { WorkerPool } from './harness/run.ts';
import { knownFailure } from './known-failing.ts';

const pool = new WorkerPool();
after(() => pool.close());

describe('hostile inputs', { concurrency: 2 }, () => {
  for (const [family, cases] of Object.entries(families)) {
    describe(`hostile ${family} inputs`, { concurrency: 2 }, () => {
      for (const c of cases) {
        const known = knownFailure(c.id);
        const title = known ? `${c.id} (known failing, ${known.owners.join('+')}: ${known.reason})` : c.id;
        it(title, { timeout: 60_000 }, async () => {
          const outcome = await runCase(pool, c, known ? KNOWN_FAILING_TIMEOUT_MS : CASE_TIMEOUT_MS);
          const wrong = mismatch(c, outcome);
          if (known === undefined) assert.equal(wrong, undefined, describeOutcome(c, outcome));
          else
            assert.notEqual(
              wrong,
              undefined,
              `${c.id} now passes (${outcome.class}): take it out of test/fuzz/known-failing.ts`,
            );
        });
      }
    });
  }
});
