/** Finds every template (a string containing `{{`) in a YAML source, with its exact position. */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar } from 'yaml';
import { formatPath } from '../diagnostics/diagnostic.ts';
import type { YamlPath } from '../diagnostics/diagnostic.ts';
import type { TemplateSource } from '../../plan/index.ts';
import { findPair, locationOf } from './source-file.ts';
import type { SourceFile } from './source-file.ts';

export type { TemplateSource };

interface Walk {
  readonly source: SourceFile;
  readonly out: TemplateSource[];
}

function visitScalar(walk: Walk, node: Scalar, path: YamlPath): void {
  if (typeof node.value !== 'string' || !node.value.includes('{{') || !node.range) return;
  const location = locationOf(walk.source, node.range[0], node.range[1]);
  walk.out.push({ source: node.value, path: formatPath(path), location });
}

function visit(walk: Walk, node: Node | null, path: YamlPath): void {
  if (isScalar(node)) visitScalar(walk, node, path);
  else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      visit(walk, item as Node, [...path, i]);
    });
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) visit(walk, pair.value as Node | null, [...path, String(pair.key.value)]);
    }
  }
}

function descend(node: Node | null, segment: string | number): Node | null {
  if (isMap(node)) return (findPair(node, String(segment))?.value as Node | null | undefined) ?? null;
  if (isSeq(node) && typeof segment === 'number') return (node.items[segment] as Node | undefined) ?? null;
  return null;
}

/** Every template under `root` (a YAML path) of the source's first document, in document order. */
export function collectTemplates(source: SourceFile, root: YamlPath = []): TemplateSource[] {
  const out: TemplateSource[] = [];
  let node = (source.documents[0]?.contents as Node | null | undefined) ?? null;
  for (const segment of root) node = descend(node, segment);
  visit({ source, out }, node, root);
  return out;
}
