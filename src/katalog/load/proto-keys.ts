/**
 * The key `__proto__`. The YAML reader keeps it as a key, but the schema's maps (and any plain
 * JavaScript assignment after it) would take it for the object's prototype and drop it without a word:
 * a CRD entry, a label or a data key named so would vanish. It is refused where it is written.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { formatPath } from '../diagnostics/diagnostic.ts';
import { locate, type SourceFile } from './source-file.ts';

type Path = (string | number)[];

const KEY = '__proto__';

/** A node of the walk; the path is rebuilt from the parents only for a find (linear in the document). */
interface Step {
  readonly node: unknown;
  readonly key: string | number | undefined;
  readonly parent: Step | undefined;
}

function pathOf(step: Step): Path {
  const path: Path = [];
  for (let s: Step | undefined = step; s?.key !== undefined; s = s.parent) path.unshift(s.key);
  return path;
}

function childrenOf(step: Step): Step[] {
  const { node } = step;
  if (node === null || typeof node !== 'object') return [];
  const list = Array.isArray(node);
  return Object.entries(node as Record<string, unknown>)
    .reverse()
    .map(([key, child]) => ({ node: child, key: list ? Number(key) : key, parent: step }));
}

/** A located error for every `__proto__` key in `value` (the document as read), in document order. */
export function protoKeyDiagnostics(source: SourceFile, value: unknown): Diagnostic[] {
  const found: Path[] = [];
  const stack: Step[] = [{ node: value, key: undefined, parent: undefined }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { node } = step;
    if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, KEY)) {
      found.push([...pathOf(step), KEY]);
    }
    stack.push(...childrenOf(step));
  }
  return found.map((path) => ({
    ...locate(source, path, 'key'),
    severity: 'error',
    code: 'reserved-key',
    message: `"${KEY}" cannot be used as a key: it would be dropped silently; rename it`,
    path: formatPath(path.slice(0, -1)),
  }));
}
