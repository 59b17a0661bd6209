/**
 * The browser's files, `app.js` and `app.css`, built by scripts/build.ts into dist/control/. In the
 * package they sit next to the bundle's chunks (dist/control/); from the sources, in the checkout's
 * dist/control/ (so `npm run build` first). Read once, on the first request, and kept.
 */
import { nodeFs } from '../util/index.ts';

/** One file the Control Center serves as is. */
export interface Asset {
  contentType: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

const CANDIDATES = [new URL('./control/', import.meta.url), new URL('../../dist/control/', import.meta.url)];

/** The assets the UI needs, read from the first folder that has them. */
export class Assets {
  readonly #cache = new Map<string, Asset>();

  /** The asset named `name` (`app.js`, `app.css`); undefined when unknown or not built. */
  get(name: string): Asset | undefined {
    const type = TYPES[name];
    if (type === undefined) return undefined;
    const cached = this.#cache.get(name);
    if (cached) return cached;
    for (const dir of CANDIDATES) {
      const file = new URL(name, dir);
      if (!nodeFs.existsSync(file)) continue;
      const asset = { contentType: type, body: nodeFs.readFileSync(file) };
      this.#cache.set(name, asset);
      return asset;
    }
    return undefined;
  }
}
