import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VERSION } from '../version.ts';
import { versionLines } from './version.ts';

test('ork version names the product version, then the Node.js and platform it runs on', () => {
  assert.deepEqual(versionLines({ node: 'v24.21.0', platform: 'linux', arch: 'x64' }), [
    `orkestra ${VERSION}`,
    'node v24.21.0 linux/x64',
  ]);
});
