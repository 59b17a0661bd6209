// Runs fuzz cases by id and prints each outcome (a debugging aid): node test/fuzz/one.ts <id> [<id> ...]
import { families } from './corpus/index.ts';
import { describeOutcome, mismatch, runCase } from './harness/case.ts';
import { WorkerPool } from './harness/run.ts';

const wanted = new Set(process.argv.slice(2));
const cases = Object.values(families)
  .flat()
  .filter((c) => wanted.has(c.id));
const pool = new WorkerPool();
for (const c of cases) {
  const outcome = await runCase(pool, c);
  console.log(`${mismatch(c, outcome) === undefined ? 'PASS' : 'FAIL'} ${describeOutcome(c, outcome)}\n`);
}
await pool.close();
