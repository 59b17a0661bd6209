/**
 * User-defined notes (spec §6.4): each note is a template callable by bare name. A note runs against the root
 * data of the calling template (or against its first argument when given one) and returns a typed result, so
 * `{{ if isProduction }}` sees a boolean.
 */
import { ContextFunc, withArity } from '../exec/func-types.ts';
import type { FuncMap, FuncValue } from '../exec/func-types.ts';
import type { ParsedTemplate } from '../exec/template.ts';
import { parseTemplate } from '../parse-template.ts';

/** A note's source: the template text and, optionally, its offset inside the Katalog file. */
export interface NoteSource {
  expression: string;
  offset?: number;
}

/**
 * Builds the functions for a set of notes. Notes may call the base functions and each other (recursion is
 * bounded by the execution depth limit).
 * @throws TemplateSyntaxError (named `notes.<name>`) for a note that does not parse.
 */
export function createNoteFunctions(notes: Readonly<Record<string, NoteSource>>, base: FuncMap): FuncMap {
  const templates = new Map<string, ParsedTemplate>();
  const names = Object.keys(notes);
  const own: Record<string, FuncValue> = {};
  for (const name of names) {
    // A note runs against the root data, or against its one argument.
    own[name] = withArity(
      new ContextFunc((ctx, args) => ctx.evaluate(templates.get(name), args.length > 0 ? args[0] : ctx.root)),
      [0, 1],
    );
  }
  const all: FuncMap = { ...base, ...own };
  for (const name of names) {
    const note = notes[name];
    if (note === undefined) continue;
    templates.set(
      name,
      parseTemplate(note.expression, { name: `notes.${name}`, funcs: all, offset: note.offset ?? 0 }),
    );
  }
  return own;
}
