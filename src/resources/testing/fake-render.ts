/**
 * A tiny stand-in for the template engine in unit tests: `{{ .a.b }}` alone returns the typed value at
 * that path; mixed text substitutes each `{{ .path }}` with its text. Anything else throws.
 */
import { readPath } from '../path.ts';
import type { RenderFn, TemplateData } from '../types.ts';

const SOLE = /^\{\{-?\s*\.([\w.-]*)\s*-?\}\}$/;
const ACTION = /\{\{-?\s*\.([\w.-]*)\s*-?\}\}/g;

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Renders the path-only subset of templates; see the module doc. */
export const fakeRender: RenderFn = (source: string, data: TemplateData): unknown => {
  const sole = SOLE.exec(source);
  if (sole !== null) return readPath(data, sole[1] ?? '');
  const out = source.replace(ACTION, (_match, path: string) => text(readPath(data, path)));
  if (out.includes('{{')) throw new Error(`fakeRender cannot render ${JSON.stringify(source)}`);
  return out;
};
