import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { bundleControlUi } from '../../scripts/bundle.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

test('the whole front end is under 150 KB of compressed JavaScript, and loads nothing from elsewhere', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ork-ui-'));
  try {
    await bundleControlUi(ROOT, relative(ROOT, dir));
    const js = readFileSync(join(dir, 'app.js'));
    const css = readFileSync(join(dir, 'app.css'), 'utf8');
    assert.ok(js.length > 1000, 'the bundle has the views');
    assert.ok(gzipSync(js).length < 150 * 1024, `${gzipSync(js).length} bytes gzipped`);
    for (const text of [js.toString('utf8'), css])
      assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    assert.doesNotMatch(css, /@import|@font-face/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
