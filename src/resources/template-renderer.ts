/**
 * The adapter to the template engine: a {@link RenderFn} that parses each distinct template source once
 * (a bounded cache) and evaluates it with typed results (spec §6.1), whole floats turned into plain numbers,
 * or executes it for the text it prints (string fields). Each pass (one reconcile, one `ork render` of a CR)
 * renders under one shared budget (total output, deadline), and an engine error names the Katalog file,
 * line and field the template came from.
 */
import { positionInFile, type TemplateLimitsPlan, type TemplateSource } from '../plan/index.ts';
import {
  GoFloat,
  TemplateError,
  createRunBudget,
  evaluateTemplate,
  executeTemplate,
  parseTemplate,
} from '../template/index.ts';
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
  /** The budgets (the Plan's); `execute` is derived from them when not given. @default the engine's */
  readonly limits?: TemplateLimitsPlan | undefined;
  /** The Plan's templates, to name where a failing template is written. @default none */
  readonly templates?: readonly TemplateSource[] | undefined;
}

/** A renderer, and renderers of one pass each, drawing from one budget shared by the pass. */
export type TemplateRenderer = RenderFn & {
  /** A render function for one pass: its templates share one total output and one deadline. */
  readonly forPass: () => RenderFn;
};

/** The engine error, its message starting with the Katalog file, line, column and field of the template. */
function locate(e: TemplateError, t: TemplateSource | undefined): TemplateError {
  if (t === undefined) return e;
  const { line, column } = positionInFile(t, e.line, e.col);
  const Err = e.constructor as new (...args: ConstructorParameters<typeof TemplateError>) => TemplateError;
  const out = new Err(e.templateName, e.reason, e.position);
  out.message = `${t.location.file}:${line}:${column}: ${t.path}: ${e.message}`;
  return out;
}

function executeOptions(options: TemplateRendererOptions): ExecuteOptions {
  if (options.execute !== undefined || options.limits === undefined) return options.execute ?? {};
  const { maxSteps, maxOutputBytes, maxValueBytes, maxDepth, maxValueDepth } = options.limits;
  return { maxSteps, maxOutputBytes, maxValueBytes, maxDepth, maxValueDepth };
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
export function createTemplateRenderer(options: TemplateRendererOptions = {}): TemplateRenderer {
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
  const where = new Map<string, TemplateSource>();
  for (const t of options.templates ?? []) if (!where.has(t.source)) where.set(t.source, t);
  const base = executeOptions(options);
  // The text is printed from the engine's own values: a whole float (`1e6`, `toFloat 3`) keeps its float
  // type there and prints as Go prints it (`1e+06`), which a plain number could not tell.
  const renderWith =
    (execute: ExecuteOptions): RenderFn =>
    (source: string, data: TemplateData, as: RenderAs = 'value'): unknown => {
      try {
        return as === 'text'
          ? executeTemplate(parsed(source), data, execute)
          : toPlainValue(evaluateTemplate(parsed(source), data, execute));
      } catch (e) {
        throw e instanceof TemplateError ? locate(e, where.get(source)) : e;
      }
    };
  const forPass = (): RenderFn => {
    const l = options.limits;
    if (l === undefined) return renderWith(base);
    const run = createRunBudget({ maxOutputBytes: l.maxReconcileOutputBytes, timeoutMs: l.timeoutMs });
    return renderWith({ ...base, run });
  };
  return Object.assign(renderWith(base), { forPass });
}
