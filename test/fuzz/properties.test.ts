/**
 * Property-based fuzzing: random YAML, Katalog structures, templates and CRs through `ork validate`
 * and `ork render`, each run bounded to 10 s and 512 MB, each outcome `ok` or a located error.
 * Seeded (`ORK_FUZZ_SEED`; a failure prints its seed and path) and small by default
 * (`ORK_FUZZ_RUNS=10` tries ten times as many). A property listed in known-failing.ts reports its
 * counterexample instead of failing, and stops at the first one (no shrinking: each step may cost
 * a timeout).
 */
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { katalogText } from './corpus/skeleton.ts';
import { crKatalog, hostileCr } from './generators/cr.ts';
import { mutatedKatalog } from './generators/katalog.ts';
import { hostileTemplate } from './generators/template.ts';
import { splicedInto, yamlDocument } from './generators/yaml.ts';
import { CASE_TIMEOUT_MS, KNOWN_FAILING_TIMEOUT_MS, runs, SEED } from './harness/bounds.ts';
import { describeOutcome, mismatch, runCase, type FuzzCase } from './harness/case.ts';
import { WorkerPool } from './harness/run.ts';
import { knownFailure } from './known-failing.ts';

const pool = new WorkerPool();
after(() => pool.close());

/** The first lines of a failure, with the seed and path that replay it. */
function report<T>(details: fc.RunDetails<T>): string {
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return [
    `failed after ${String(details.numRuns)} runs; replay with ORK_FUZZ_SEED=${String(details.seed)}`,
    `(fast-check path ${String(details.counterexamplePath)})`,
    cause.slice(0, 1_500),
  ].join('\n');
}

/** Runs `toCase` over `inputs`: every generated case must pass (ok or located). */
async function fuzz<T>(
  t: TestContext,
  id: string,
  inputs: fc.Arbitrary<T>,
  toCase: (input: T) => FuzzCase,
  numRuns: number,
): Promise<void> {
  const known = knownFailure(id);
  const timeout = known ? KNOWN_FAILING_TIMEOUT_MS : CASE_TIMEOUT_MS;
  const property = fc.asyncProperty(inputs, async (input) => {
    const c = toCase(input);
    const outcome = await runCase(pool, c, timeout);
    assert.equal(mismatch(c, outcome), undefined, describeOutcome(c, outcome));
  });
  // No shrinking by default: each step may cost a full timeout. Replay the seed to shrink by hand.
  const details = await fc.check(property, { numRuns: runs(numRuns), seed: SEED, endOnFailure: true });
  if (known === undefined) {
    assert.ok(!details.failed, report(details));
    return;
  }
  const owners = known.owners.join(', ');
  if (details.failed) t.diagnostic(`known failing (owners ${owners}): ${report(details).slice(0, 600)}`);
  else t.diagnostic(`${id} passed ${String(details.numRuns)} runs: take it out of known-failing.ts?`);
}

const validate = (files: Record<string, string>): FuzzCase => ({
  id: 'property',
  command: 'validate',
  files,
  expect: 'pass',
});
const render = (files: Record<string, string>): FuzzCase => ({ ...validate(files), command: 'render' });

describe('fuzzing validate and render', { concurrency: 2 }, () => {
  it('any YAML document as a Katalog is ok or a located error', { timeout: 120_000 }, (t) =>
    fuzz(t, 'property/yaml-document', yamlDocument, (text) => validate({ 'katalog.yaml': text }), 30),
  );

  it('YAML spliced into a valid Katalog is ok or a located error', { timeout: 120_000 }, (t) =>
    fuzz(
      t,
      'property/yaml-spliced',
      splicedInto(katalogText()),
      (text) => validate({ 'katalog.yaml': text }),
      30,
    ),
  );

  it('a mutated Katalog structure is ok or a located error', { timeout: 120_000 }, (t) =>
    fuzz(t, 'property/katalog-mutated', mutatedKatalog, (text) => validate({ 'katalog.yaml': text }), 40),
  );

  it('a hostile template renders or stops at a located error', { timeout: 120_000 }, (t) =>
    fuzz(
      t,
      'property/template',
      hostileTemplate,
      (value) =>
        render({
          'katalog.yaml': katalogText({ value }),
          'cr.yaml': 'apiVersion: demo.io/v1\nkind: App\nmetadata: {name: one}\nspec: {text: hi}\n',
        }),
      25,
    ),
  );

  it('a hostile CR renders or stops at a located error', { timeout: 120_000 }, (t) =>
    fuzz(
      t,
      'property/cr',
      fc.tuple(crKatalog, hostileCr),
      ([katalog, cr]) => render({ 'katalog.yaml': katalog, 'cr.yaml': cr }),
      20,
    ),
  );
});
