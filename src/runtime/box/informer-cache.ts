/** The {@link ClusterCache} of a box: lookups in the CR informer and the shared child informers. */
import type { KubeObject } from '../../kube/index.ts';
import { keyOf, type Informer } from '../informer/index.ts';
import type { ClusterCache } from '../reconcile/ports.ts';
import { ORKESTRA_OWNER_INDEX, ownerIndexValue } from './owner-index.ts';

/** `apiVersion|kind` of a child type. */
export function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

/** Reads the caches of one box. */
export class InformerCache implements ClusterCache {
  readonly #crs: Informer;
  readonly #children: ReadonlyMap<string, Informer>;
  readonly #katalog: string;
  readonly #crd: string;
  readonly #secrets: ReadonlyMap<string, Informer>;

  /** `secrets`: the informers of the Secrets the Katalog names (tls CAs), by Secret name. */
  constructor(
    crs: Informer,
    children: ReadonlyMap<string, Informer>,
    owner: { katalog: string; crd: string; secrets?: ReadonlyMap<string, Informer> },
  ) {
    this.#crs = crs;
    this.#children = children;
    this.#katalog = owner.katalog;
    this.#crd = owner.crd;
    this.#secrets = owner.secrets ?? new Map();
  }

  customResource(key: string): KubeObject | undefined {
    return this.#crs.store.get(key);
  }

  child(like: KubeObject): KubeObject | undefined {
    const informer = this.#children.get(typeKey(like.apiVersion ?? '', like.kind ?? ''));
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
}
