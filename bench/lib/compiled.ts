// src layers bundled one entry per layer into .cache/bench-dist (as scripts/build.ts bundles dist/),
// for benches that measure what importing a layer costs in a fresh process.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from '../../scripts/bundle.ts';
import { ROOT } from './ork.ts';

/** Where the layers are bundled. */
export const COMPILED = join(ROOT, '.cache', 'bench-dist');

/** Bundles `src/<layer>/index.ts` of every layer into `COMPILED/<layer>.js` (code they share in chunks). */
export async function compileLayers(layers: readonly string[]): Promise<void> {
  rmSync(COMPILED, { recursive: true, force: true });
  await bundle(ROOT, Object.fromEntries(layers.map((l) => [l, `src/${l}/index.ts`])), COMPILED);
}

/** The file URL of a bundled layer. */
export function layerUrl(layer: string): string {
  return pathToFileURL(join(COMPILED, `${layer}.js`)).href;
}
