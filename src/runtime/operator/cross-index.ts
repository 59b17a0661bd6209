/**
 * Who observes whom (spec §10.1): an index from an observed CR to the CRs of a box that observe it
 * through `cross`, so that a change of the observed CR re-enqueues exactly its observers, with no
 * polling and no scan of every CR.
 *
 * Each observer's reconcile records what its selectors resolved to (`observe`): a selector by name is
 * indexed under the key it names (present or not: a CR created later under that name is found), and a
 * `matchLabels` selector under its namespace and one of its label pairs (an object's event looks up
 * the pairs it carries, then checks the whole selector), and under the key of the CR it chose, so that
 * a change to that CR reaches its observer even when its labels no longer match.
 */
import type { KubeObject } from '../../kube/index.ts';
import { keyOf } from '../informer/index.ts';

/** What one selector of one observer resolved to, in one reconcile. */
export interface CrossWatch {
  /** The observed CRD key. */
  readonly crd: string;
  /** The queue key (`namespace/name` or `name`) of the CR named, or chosen among the matches. */
  readonly key?: string | undefined;
  /** A label selector: the namespace it looks in ('' for every namespace) and the labels it needs. */
  readonly labels?: { readonly namespace: string; readonly matchLabels: Readonly<Record<string, string>> };
}

interface LabelWatch {
  readonly observer: string;
  readonly namespace: string;
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** A selector with no labels matches every CR of its namespace: indexed under this pair. */
const ANY_LABEL = '*';

/** The observers of one box, by observed key and by namespace and label pair. */
export class CrossIndex {
  readonly #byKey = new Map<string, Set<string>>();
  readonly #byLabel = new Map<string, Set<LabelWatch>>();
  /** What each observer is indexed under, to replace it at its next reconcile. */
  readonly #entries = new Map<string, { keys: string[]; labels: [string, LabelWatch][] }>();

  /** Replaces what `observer` watches with `watches` (its selectors as its reconcile just resolved them). */
  observe(observer: string, watches: readonly CrossWatch[]): void {
    this.forget(observer);
    if (watches.length === 0) return;
    const entry = { keys: [] as string[], labels: [] as [string, LabelWatch][] };
    for (const watch of watches) {
      if (watch.key !== undefined) {
        const key = `${watch.crd}|${watch.key}`;
        addTo(this.#byKey, key, observer);
        entry.keys.push(key);
      }
      if (watch.labels !== undefined) {
        const { namespace, matchLabels } = watch.labels;
        const [pair = ANY_LABEL] = Object.entries(matchLabels)
          .map(([k, v]) => `${k}=${v}`)
          .sort();
        const indexKey = `${watch.crd}|${namespace}|${pair}`;
        const labelWatch: LabelWatch = { observer, namespace, matchLabels };
        addTo(this.#byLabel, indexKey, labelWatch);
        entry.labels.push([indexKey, labelWatch]);
      }
    }
    this.#entries.set(observer, entry);
  }

  /** Drops what `observer` watches (it was deleted). */
  forget(observer: string): void {
    const entry = this.#entries.get(observer);
    if (entry === undefined) return;
    this.#entries.delete(observer);
    for (const key of entry.keys) removeFrom(this.#byKey, key, observer);
    for (const [key, watch] of entry.labels) removeFrom(this.#byLabel, key, watch);
  }

  /** The observers to re-enqueue for an add, update or delete of `object`, a CR of CRD `crd`. */
  observersOf(crd: string, object: KubeObject): string[] {
    const out = new Set(this.#byKey.get(`${crd}|${keyOf(object)}`));
    const namespace = object.metadata?.namespace ?? '';
    const labels = object.metadata?.labels ?? {};
    const pairs = [ANY_LABEL, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
    const namespaces = namespace === '' ? [''] : [namespace, ''];
    const candidates = namespaces.flatMap((ns) =>
      pairs.map((pair) => this.#byLabel.get(`${crd}|${ns}|${pair}`)),
    );
    for (const watch of candidates.flatMap((set) => [...(set ?? [])])) {
      if (matches(watch.matchLabels, labels)) out.add(watch.observer);
    }
    return [...out];
  }

  /** The observers of the CR under queue key `key` of CRD `crd` (a change of one of its children). */
  observersOfKey(crd: string, key: string): string[] {
    return [...(this.#byKey.get(`${crd}|${key}`) ?? [])];
  }

  /** How many observers are indexed. */
  get size(): number {
    return this.#entries.size;
  }
}

/** Whether `labels` carry every pair of `selector`. */
export function matches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
