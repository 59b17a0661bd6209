/**
 * For tests of whole reconciles: the Plan of one CRD of a Katalog given as text, compiled as `ork run`
 * compiles it (templates analysed for their inputs unless `analysed` is false), and a cache over a
 * cluster held in memory.
 */
import assert from 'node:assert/strict';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import type { ClusterCache } from '../../runtime/index.ts';
import { templateInputs } from '../../template/index.ts';

/** The Plan of CRD `key` (default: the first) of the Katalog `text`; fails the test when it does not compile. */
export async function planOfText(
  text: string,
  options: { key?: string; analysed?: boolean } = {},
): Promise<Plan> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
  assert.ok(loaded.katalog !== undefined, JSON.stringify(loaded.diagnostics));
  const plans = compileKatalog(loaded.katalog, options.analysed === false ? {} : { templateInputs });
  const plan = options.key === undefined ? plans[0] : plans.find((p) => p.key === options.key);
  assert.ok(plan !== undefined, `no plan ${options.key ?? ''}`);
  return plan;
}

/** A cache over a cluster in memory: the CR is `state.cr` (read at each call), children are `live`, by `id`. */
export function memoryCache(
  state: { readonly cr: KubeObject },
  live: ReadonlyMap<string, KubeObject>,
  id: (object: KubeObject) => string,
): ClusterCache {
  return {
    customResource: () => state.cr,
    child: (like) => live.get(id(like)),
    childrenOf: () => [...live.values()],
    secret: () => undefined,
    watchTypes: () => Promise.resolve(false),
  };
}
