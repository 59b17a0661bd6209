// The bundle golden: examples/01's `ork generate bundle` is exactly the recorded file (`npm run generate`
// records it again after an intended change).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BUNDLE_GOLDEN, helloWebsiteBundle } from './bundle/bundle-golden.ts';

describe('bundle golden', () => {
  it('examples/01-hello-website: the recorded objects and RBAC rules', async () => {
    assert.equal(await helloWebsiteBundle(), readFileSync(BUNDLE_GOLDEN, 'utf8'));
  });
});
