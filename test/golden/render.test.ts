// Render goldens: for every case under test/golden/render/, `ork render` prints exactly the recorded
// text (objects in apply order, status, validation and errors as comments) at a fixed clock, and fails
// exactly when the case says so. Every example under examples/ has its case.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listExamples } from '../examples/example-files.ts';
import { CASES_DIR, expectedPath, listCases, renderCase } from './render/cases.ts';

describe('render goldens', () => {
  it('cover every example', () => {
    for (const example of listExamples())
      assert.ok(existsSync(join(CASES_DIR, example, 'case.json')), `no render golden for ${example}`);
  });

  for (const c of listCases()) {
    it(`${c.name}: prints the recorded manifests, status and comments`, async () => {
      const { text, ok } = await renderCase(c);
      assert.equal(text, readFileSync(expectedPath(c), 'utf8'));
      assert.equal(ok, c.ok ?? true, ok ? 'every CR rendered' : 'a CR failed to render');
    });
  }
});
