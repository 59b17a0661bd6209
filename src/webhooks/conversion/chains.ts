/**
 * The conversion chains of a CRD: the declared paths form a graph of versions, and a conversion with
 * no direct path follows the shortest chain of paths (v1→v2→v3). Computed once per Plan, so a review
 * only looks its chain up.
 */

/** One declared path: from a version to another, with its spec templates (dotted path → template). */
export interface ConversionPathPlan {
  readonly from: string;
  readonly to: string;
  readonly spec: Readonly<Record<string, string>>;
}

/** The paths to follow, in order, from one version to another; empty from a version to itself. */
export type ConversionChain = readonly ConversionPathPlan[];

/** Every chain between the versions of the declared paths. */
export class ConversionChains {
  readonly #chains = new Map<string, ConversionChain>();
  /** Every version some path names, in declaration order. */
  readonly versions: readonly string[];
  readonly #paths: readonly ConversionPathPlan[];

  constructor(paths: readonly ConversionPathPlan[]) {
    this.#paths = paths;
    this.versions = [...new Set(paths.flatMap((p) => [p.from, p.to]))];
    for (const from of this.versions) {
      for (const [to, chain] of shortestChainsFrom(from, paths)) this.#chains.set(key(from, to), chain);
    }
  }

  /** The chain from `from` to `to`, or undefined when no sequence of paths leads there. */
  chain(from: string, to: string): ConversionChain | undefined {
    if (from === to) return [];
    return this.#chains.get(key(from, to));
  }

  /** The declared paths as `v1→v2, v2→v1`, for messages. */
  describe(): string {
    return this.#paths.length === 0 ? 'none' : this.#paths.map((p) => `${p.from}→${p.to}`).join(', ');
  }
}

function key(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/**
 * Breadth-first from one version: the first chain found to a version is a shortest one, and ties go to
 * the paths declared first (edges are visited in declaration order), so the choice is deterministic.
 */
function shortestChainsFrom(
  from: string,
  paths: readonly ConversionPathPlan[],
): Map<string, ConversionChain> {
  const chains = new Map<string, ConversionChain>([[from, []]]);
  let frontier = [from];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const version of frontier) {
      const base = chains.get(version) ?? [];
      for (const path of paths.filter((p) => p.from === version && !chains.has(p.to))) {
        chains.set(path.to, [...base, path]);
        next.push(path.to);
      }
    }
    frontier = next;
  }
  chains.delete(from);
  return chains;
}
