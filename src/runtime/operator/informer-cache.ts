/** The {@link ClusterCache} of a box: lookups in its CR informers and its shared child informers. */
import type { KubeObject } from '../../kube/index.ts';
import { keyOf, type Informer } from '../informer/index.ts';
import type { ChildType, ClusterCache } from '../reconcile/index.ts';
import type { ChildInformers } from './child-informers.ts';
import { ORKESTRA_OWNER_INDEX, ownerIndexValue } from './owner-index.ts';

/** Reads the caches of one box. */
export class InformerCache implements ClusterCache {
  readonly #crs: readonly Informer[];
  readonly #children: ChildInformers;
  readonly #katalog: string;
  readonly #crd: string;
  readonly #secrets: ReadonlyMap<string, Informer>;

  /**
   * `crs`: one informer per watched namespace, or one for all (each CR is in exactly one); `secrets`: the
   * informers of the Secrets the Katalog names (tls CAs), by Secret name.
   */
  constructor(
    crs: readonly Informer[],
    children: ChildInformers,
    owner: { katalog: string; crd: string; secrets?: ReadonlyMap<string, Informer> },
  ) {
    this.#crs = crs;
    this.#children = children;
    this.#katalog = owner.katalog;
    this.#crd = owner.crd;
    this.#secrets = owner.secrets ?? new Map();
  }

  customResource(key: string): KubeObject | undefined {
    for (const informer of this.#crs) {
      const cr = informer.store.get(key);
      if (cr !== undefined) return cr;
    }
    return undefined;
  }

  /** Every cached CR. */
  customResources(): KubeObject[] {
    return this.#crs.flatMap((informer) => informer.store.list());
  }

  child(like: KubeObject): KubeObject | undefined {
    const informer = this.#children.get(like.apiVersion ?? '', like.kind ?? '');
    return informer?.store.get(keyOf(like));
  }

  secret(namespace: string, name: string): KubeObject | undefined {
    return this.#secrets.get(name)?.store.get(`${namespace}/${name}`);
  }

  childrenOf(owner: KubeObject): KubeObject[] {
    const value = ownerIndexValue({ katalog: this.#katalog, crd: this.#crd }, owner);
    const out: KubeObject[] = [];
    for (const informer of this.#children.values()) {
      for (const key of informer.store.byIndex(ORKESTRA_OWNER_INDEX, value)) {
        const child = informer.store.get(key);
        if (child !== undefined) out.push(child);
      }
    }
    return out;
  }

  watchTypes(types: readonly ChildType[]): Promise<boolean> {
    return this.#children.ensure(types);
  }
}
