/**
 * Templates as the runtime renders them: the function catalog with the real clock, the Katalog's
 * notes, and each distinct template source parsed once and cached for the life of the plan.
 */
import {
  createFunctionCatalog,
  createNoteFunctions,
  evaluateTemplate,
  GoFloat,
  parseTemplate,
  type FuncMap,
  type NoteSource,
  ParsedTemplate,
} from '../../template/index.ts';

/** Renders a template source against data; a template that is one action keeps its type (spec §6.1). */
export type RenderTemplate = (source: string, data: Readonly<Record<string, unknown>>) => unknown;

/** Options of {@link createTemplateRenderer}. */
export interface TemplateRendererOptions {
  /** The Katalog's notes (user-defined functions), by name. */
  notes?: Readonly<Record<string, string>>;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Creates the renderer of one plan. Parse errors surface on first use as TemplateSyntaxError. */
export function createTemplateRenderer(options: TemplateRendererOptions = {}): RenderTemplate {
  const base = createFunctionCatalog({ clock: options.now ?? (() => new Date()) });
  const funcs: FuncMap = { ...base, ...createNoteFunctions(noteSources(options.notes ?? {}), base) };
  const cache = new Map<string, ParsedTemplate>();
  return (source, data) => {
    if (!source.includes('{{')) return source;
    let parsed = cache.get(source);
    if (parsed === undefined) {
      parsed = parseTemplate(source, { funcs });
      cache.set(source, parsed);
    }
    return plain(evaluateTemplate(parsed, data));
  };
}

function noteSources(notes: Readonly<Record<string, string>>): Record<string, NoteSource> {
  return Object.fromEntries(Object.entries(notes).map(([name, expression]) => [name, { expression }]));
}

/** Converts engine values to plain JSON values (a GoFloat is a number that prints as a float). */
function plain(value: unknown): unknown {
  return value instanceof GoFloat ? value.value : value;
}
