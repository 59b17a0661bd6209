import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatDiagnosticHeadline } from '../../src/katalog/index.ts';
import { checkFixture } from './fixture-runner.ts';

const NOT_SUPPORTED_YET = 'not-supported-yet';
const dir = (name: string): string => new URL(`../fixtures/${name}/`, import.meta.url).pathname;
const yamlFiles = (name: string): string[] =>
  readdirSync(dir(name))
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('-crd.yaml'))
    .sort();

describe('good Katalogs (every seed snippet, completed)', () => {
  for (const file of yamlFiles('good')) {
    it(`${file} loads, validates without a diagnostic and compiles`, async () => {
      const outcome = await checkFixture(dir('good') + file);
      assert.deepEqual(outcome.diagnostics.map(formatDiagnosticHeadline), []);
      assert.ok(outcome.plans !== undefined && outcome.plans.length > 0);
      assert.ok(Object.isFrozen(outcome.plans[0]));
    });
  }
});

describe('Katalogs using keys not supported yet (each moves to good/ when its key is implemented)', () => {
  for (const file of yamlFiles('not-yet')) {
    it(`${file} is refused for those keys alone, each at its position`, async () => {
      const outcome = await checkFixture(dir('not-yet') + file);
      const others = outcome.diagnostics.filter((d) => d.code !== NOT_SUPPORTED_YET);
      assert.deepEqual(others.map(formatDiagnosticHeadline), []);
      assert.ok(outcome.diagnostics.length > 0, 'nothing refused');
      for (const d of outcome.diagnostics) assert.match(formatDiagnosticHeadline(d), /:\d+:\d+: error: `/);
      assert.equal(outcome.plans, undefined);
    });
  }
});

describe('bad Katalogs', () => {
  const files = yamlFiles('bad');
  it('has at least 40 cases, each with its expected diagnostic', () => {
    assert.ok(files.length >= 40, `only ${String(files.length)} cases`);
  });
  for (const file of files) {
    it(`${file} reports its expected first diagnostic (keys not supported yet aside)`, async () => {
      const expected = readFileSync(dir('bad') + file.replace(/\.yaml$/, '.expected'), 'utf8').trim();
      const outcome = await checkFixture(dir('bad') + file);
      const first = outcome.diagnostics.find((d) => d.code !== NOT_SUPPORTED_YET);
      assert.ok(first !== undefined, 'no diagnostic');
      assert.equal(formatDiagnosticHeadline(first), expected);
      assert.equal(first.severity, 'error');
      assert.equal(outcome.plans, undefined);
    });
  }
});
