/**
 * The bounds a YAML document must keep before anything expands it, checked in one pass over the
 * parsed tree (cost linear in the text):
 * - duplicate keys, found with one set per map (the YAML library's own check compares every key with
 *   every earlier one: quadratic in a map's size, so it is turned off and done here instead);
 * - aliases: each must name an anchor set before it, outside the node it stands in; a document holds
 *   at most {@link YAML_LIMITS}.anchors anchors and aliases; and aliases may add at most
 *   {@link YAML_LIMITS}.expandedNodes nodes to the document once expanded (a "billion laughs" alias bomb
 *   doubles a list on each line and would reach millions of nodes for every later step to walk).
 * Each finding is added to the document's errors at the alias or key concerned, like a syntax error,
 * so it is reported once, located, by the same path as every YAML error.
 */
import { isAlias, isMap, isScalar, isSeq, YAMLParseError } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';

/** The bounds of one YAML document (see the module doc). Ordinary anchors stay far below them. */
export const YAML_LIMITS = {
  /** Anchors and aliases in one document (resolving an alias costs the library a scan of them all). */
  anchors: 10_000,
  /** Nodes that aliases may add to one document once expanded. */
  expandedNodes: 1_000_000,
} as const;

type Code = 'BAD_ALIAS' | 'DUPLICATE_KEY' | 'RESOURCE_EXHAUSTION';

/** The bounds checked (tests pass smaller ones). */
export type YamlLimits = { readonly [K in keyof typeof YAML_LIMITS]: number };

interface Walk {
  readonly doc: Document.Parsed;
  readonly limits: YamlLimits;
  /** The anchored nodes by name, the latest one set so far (document order). */
  readonly anchors: Map<string, Node>;
  /** Each finished node's size once aliases are expanded. */
  readonly sizes: WeakMap<Node, number>;
  /** Anchors and aliases seen. */
  marks: number;
  /** Nodes added by aliases so far. */
  added: number;
  /** Set once a bound is exceeded: the walk then stops reporting. */
  stopped: boolean;
}

function report(walk: Walk, node: Node, [code, message]: readonly [Code, string]): void {
  const start = node.range?.[0] ?? 0;
  const end = node.range?.[1] ?? start + 1;
  walk.doc.errors.push(new YAMLParseError([start, Math.max(end, start + 1)], code, message));
}

function aliasSize(walk: Walk, node: Node & { source: string }): number {
  const target = walk.anchors.get(node.source);
  if (target === undefined) {
    report(walk, node, [
      'BAD_ALIAS',
      `alias *${node.source} names no anchor (&${node.source}) set before it`,
    ]);
    return 1;
  }
  const size = walk.sizes.get(target);
  if (size === undefined) {
    report(walk, node, ['BAD_ALIAS', `alias *${node.source} stands inside the node it names: it never ends`]);
    return 1;
  }
  walk.added += size;
  if (walk.added > walk.limits.expandedNodes && !walk.stopped) {
    walk.stopped = true;
    const limit = walk.limits.expandedNodes.toLocaleString('en-US');
    report(walk, node, [
      'RESOURCE_EXHAUSTION',
      `aliases expand this document by more than ${limit} nodes (each alias of a list of aliases multiplies it); write the repeated parts out, or anchor smaller ones`,
    ]);
  }
  return size;
}

/** Counts an anchor or alias; false once there are too many. */
function countMark(walk: Walk, node: Node): boolean {
  walk.marks += 1;
  if (walk.marks === walk.limits.anchors + 1) {
    walk.stopped = true;
    const limit = walk.limits.anchors.toLocaleString('en-US');
    report(walk, node, ['RESOURCE_EXHAUSTION', `more than ${limit} anchors and aliases in one document`]);
  }
  return !walk.stopped;
}

function checkKeys(walk: Walk, map: YAMLMap): void {
  const seen = new Set<unknown>();
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key)) continue;
    if (seen.has(key.value)) report(walk, key, ['DUPLICATE_KEY', 'Map keys must be unique']);
    seen.add(key.value);
  }
}

function sizeOf(walk: Walk, node: Node | null): number {
  if (node === null || walk.stopped) return 1;
  if (isAlias(node)) {
    return countMark(walk, node) ? aliasSize(walk, node) : 1;
  }
  if (node.anchor !== undefined) {
    countMark(walk, node);
    walk.anchors.set(node.anchor, node);
  }
  let size = 1;
  if (isSeq(node)) for (const item of node.items) size += sizeOf(walk, item as Node | null);
  else if (isMap(node)) {
    checkKeys(walk, node);
    for (const pair of node.items) {
      size += sizeOf(walk, pair.key as Node | null) + sizeOf(walk, pair.value as Node | null);
    }
  }
  walk.sizes.set(node, size);
  return size;
}

/**
 * Checks one parsed document against the bounds (duplicate keys, aliases) and adds what it finds to
 * `doc.errors`. Call it on a document parsed with `uniqueKeys: false`.
 */
export function checkYamlBounds(doc: Document.Parsed, limits: YamlLimits = YAML_LIMITS): void {
  const walk: Walk = {
    doc,
    limits,
    anchors: new Map(),
    sizes: new WeakMap(),
    marks: 0,
    added: 0,
    stopped: false,
  };
  sizeOf(walk, doc.contents);
}

/** The options every YAML text is parsed with: YAML 1.2 with merge keys (`<<: *defaults`), as Kubernetes reads them. */
export const YAML_PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false, merge: true } as const;

/**
 * A checked document as plain JavaScript. The library's own alias heuristic is off (the bounds above
 * already hold); anything it still throws becomes an error on the document.
 */
export function toPlain(doc: Document.Parsed): { value: unknown; error?: YAMLParseError } {
  try {
    return { value: doc.toJS({ maxAliasCount: -1 }) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = (doc.contents as Node | null)?.range?.[0] ?? 0;
    return { value: undefined, error: new YAMLParseError([at, at + 1], 'IMPOSSIBLE', message) };
  }
}
