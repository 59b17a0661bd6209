/**
 * The adapter to the template engine: a {@link RenderFn} that parses each distinct template source once
 * (a bounded cache) and evaluates it with typed results (spec §6.1), whole floats turned into plain numbers,
 * or executes it for the text it prints (string fields).
 */
import { GoFloat, evaluateTemplate, executeTemplate, parseTemplate } from '../template/index.ts';
import type { ExecuteOptions, FuncMap, ParsedTemplate } from '../template/index.ts';
import { isRecord } from './path.ts';
import type { RenderAs, RenderFn, TemplateData } from './types.ts';

/** Options of {@link createTemplateRenderer}. */
export interface TemplateRendererOptions {
  /** Functions besides Go's built-ins: the catalog and the Katalog's notes. @default {} */
  readonly funcs?: FuncMap | undefined;
  /** Execution bounds. @default the engine's */
  readonly execute?: ExecuteOptions | undefined;
  /** Parsed templates kept; the cache is emptied when full. @default 4096 */
  readonly cacheSize?: number | undefined;
}

/** Turns the engine's values into plain JSON values: a GoFloat becomes its number, recursively. */
export function toPlainValue(value: unknown): unknown {
  if (value instanceof GoFloat) return value.value;
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  // defineProperty, not `out[key] =`: a `__proto__` key stays an ordinary key.
  for (const [key, element] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: toPlainValue(element),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Creates a renderer backed by the Go text/template engine.
 * @throws from the returned function: TemplateSyntaxError for a source that does not parse, TemplateExecError
 * or TemplateLimitError when execution fails (reconcile errors).
 */
export function createTemplateRenderer(options: TemplateRendererOptions = {}): RenderFn {
  const cache = new Map<string, ParsedTemplate>();
  const limit = options.cacheSize ?? 4096;
  const parsed = (source: string): ParsedTemplate => {
    const hit = cache.get(source);
    if (hit !== undefined) return hit;
    const tree = parseTemplate(source, { funcs: options.funcs ?? {} });
    if (cache.size >= limit) cache.clear();
    cache.set(source, tree);
    return tree;
  };
  const execute = options.execute ?? {};
  // The text is printed from the engine's own values: a whole float (`1e6`, `toFloat 3`) keeps its float
  // type there and prints as Go prints it (`1e+06`), which a plain number could not tell.
  return (source: string, data: TemplateData, as: RenderAs = 'value'): unknown =>
    as === 'text'
      ? executeTemplate(parsed(source), data, execute)
      : toPlainValue(evaluateTemplate(parsed(source), data, execute));
}
