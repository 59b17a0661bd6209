/**
 * Template inputs in Plan form. The template layer finds what a template reads (katalog/ does not know
 * templates: the caller wires the analysis in, as it wires the template check into validation); this
 * sorts the paths it found into the CR's paths and the other parts of the context.
 */
import type { TemplateInputs } from '../../plan/index.ts';

/** What the template layer reports of one template: root paths read and functions called. */
export interface FoundInputs {
  /** Dotted paths read from the root of the context; `.` for the whole context. */
  readonly paths: readonly string[];
  /** Impure functions called. */
  readonly impure: readonly string[];
  /** Every function called (notes among them). */
  readonly functions: readonly string[];
}

/** Finds the inputs of one template source; undefined when it cannot tell (it does not parse). */
export type TemplateInputsFinder = (source: string) => FoundInputs | undefined;

/** The parts of the context that are not the CR. */
const OTHER_ROOTS: Readonly<Record<string, 'children' | 'cross' | 'external'>> = {
  children: 'children',
  childList: 'children',
  cross: 'cross',
  external: 'external',
};

/** Sorts found paths into the Plan's TemplateInputs; `noteNames` tells the notes among the functions. */
export function toTemplateInputs(found: FoundInputs, noteNames: ReadonlySet<string>): TemplateInputs {
  const whole = found.paths.includes('.');
  const reads = { children: whole, cross: whole, external: whole };
  const crPaths: string[] = [];
  for (const path of found.paths) {
    const part = OTHER_ROOTS[path.split('.')[0] ?? ''];
    if (part === undefined) crPaths.push(path);
    else reads[part] = true;
  }
  const notes = found.functions.filter((name) => noteNames.has(name));
  return { crPaths, ...reads, impure: found.impure, notes };
}
