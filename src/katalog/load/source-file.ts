/** A parsed YAML source that maps YAML paths back to line and column. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { SourceLocation, YamlPath } from '../diagnostics/diagnostic.ts';
import { checkYamlBounds, YAML_PARSE_OPTIONS } from './yaml-bounds.ts';

/** One Katalog source file: its text and the YAML documents parsed from it, with positions. */
export interface SourceFile {
  /** The file name as the user gave it (used in diagnostics). */
  readonly file: string;
  /** The full text. */
  readonly text: string;
  /** The parsed YAML documents (usually one). */
  readonly documents: readonly Document.Parsed[];
  /** Offsets → line/column. */
  readonly lines: LineCounter;
}

/**
 * Parses YAML text into a SourceFile. Syntax errors, duplicate keys and alias bounds
 * (`yaml-bounds.ts`) stay on the documents, see `yaml-errors.ts`.
 */
export function parseSourceFile(file: string, text: string): SourceFile {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { ...YAML_PARSE_OPTIONS, lineCounter: lines });
  const documents = Array.isArray(parsed) ? parsed : [];
  for (const doc of documents) checkYamlBounds(doc);
  return { file, text, documents, lines };
}

/** Converts an offset range into a SourceLocation. */
export function locationOf(source: SourceFile, start: number, end: number): SourceLocation {
  const a = source.lines.linePos(start);
  const b = source.lines.linePos(Math.max(start, end));
  return { file: source.file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

interface Found {
  readonly node: Node | null;
  readonly pair: Pair | undefined;
  readonly complete: boolean;
}

/** Each map's pairs by key, built on the first lookup: locating every diagnostic stays linear. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

/** The pair of `map` whose scalar key reads `key` (the first, as the library keeps duplicates). */
export function findPair(node: Node | null, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  let index = pairIndex.get(node);
  if (index === undefined) {
    index = new Map();
    for (const p of node.items) {
      const name = isPair(p) && isScalar(p.key) ? String(p.key.value) : undefined;
      if (name !== undefined && !index.has(name)) index.set(name, p);
    }
    pairIndex.set(node, index);
  }
  return index.get(key);
}

function step(node: Node | null, segment: string | number): Found | undefined {
  if (node === null) return undefined;
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { node: item as Node, pair: undefined, complete: true };
  }
  const pair = findPair(node, String(segment));
  if (pair === undefined) return undefined;
  return { node: (pair.value as Node | null) ?? null, pair, complete: true };
}

function walk(root: Node | null, path: YamlPath): Found {
  let found: Found = { node: root, pair: undefined, complete: true };
  for (const segment of path) {
    const next = step(found.node, segment);
    if (next === undefined) return { ...found, complete: false };
    found = next;
  }
  return found;
}

function chooseNode(found: Found, target: 'key' | 'value'): Node | null {
  const keyNode = (found.pair?.key as Node | undefined) ?? null;
  const preferKey = target === 'key' || found.node === null || !found.complete;
  return preferKey ? (keyNode ?? found.node) : found.node;
}

/**
 * Finds where a YAML path is written. `key` marks the key of the last map entry (for unknown fields);
 * otherwise the value. A path that does not exist (a missing field) resolves to its deepest existing
 * ancestor (the start of a map or list, or the key that holds it).
 */
export function locate(
  source: SourceFile,
  path: YamlPath,
  target: 'key' | 'value' = 'value',
): SourceLocation {
  const root = (source.documents[0]?.contents as Node | null | undefined) ?? null;
  const found = walk(root, path);
  const chosen = chooseNode(found, target);
  const range = chosen?.range;
  if (!range) return locationOf(source, 0, 0);
  const collapsed = !found.complete && (isMap(chosen) || isSeq(chosen));
  return locationOf(source, range[0], collapsed ? range[0] : range[1]);
}
