/** YAML syntax errors as diagnostics, with a hint for the mistakes people make most. */
import type { YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { locationOf } from './source-file.ts';
import type { SourceFile } from './source-file.ts';

const QUOTED_TEMPLATE_HINT =
  'a double-quoted string ends at the first unescaped ", so a template with double quotes inside must be ' +
  'written in single quotes (\'{{ get .x "a" }}\'), as a block scalar (|), or with the inner quotes escaped (\\")';

/** How far around an error a broken template quote is looked for, in characters. */
const QUOTE_WINDOW = 2000;

const HINTS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'YAML indentation must use spaces, not tabs',
  BAD_INDENT: 'check the indentation of this line against its parent and siblings',
  MULTILINE_IMPLICIT_KEY:
    'a key must fit on one line; this often means a missing ":" or a wrong indentation above',
  BLOCK_AS_IMPLICIT_KEY: 'a nested map needs its own indented lines; check the indentation and the ":" above',
  DUPLICATE_KEY: 'each key may appear once in a map; remove or rename one of them',
  MISSING_CHAR: 'a bracket, brace or quote is not closed',
};

/**
 * Finds, on the error's line, a double-quoted string that opens a template but closes before the
 * template's `}}`: the mark of inner double quotes. Returns the offset of that closing quote.
 */
function brokenTemplateQuote(source: SourceFile, error: YAMLError): number | undefined {
  const { line } = source.lines.linePos(error.pos[0]);
  // Only a window around the error is searched: a minified line of megabytes with an error on
  // every item must not be scanned whole for each error.
  const lineStart = Math.max(source.lines.lineStarts[line - 1] ?? 0, error.pos[0] - QUOTE_WINDOW);
  const around = source.text.slice(lineStart, error.pos[0] + QUOTE_WINDOW);
  const end = around.indexOf('\n');
  const text = end === -1 ? around : around.slice(0, end);
  for (const match of text.matchAll(/"\{\{((?:[^"\\]|\\.)*)"/g)) {
    const close = lineStart + match.index + match[0].length - 1;
    if (!(match[1] ?? '').includes('}}') && close < error.pos[0]) return close;
  }
  return undefined;
}

/** Codes the loader's own bounds give (`yaml-bounds.ts`): not syntax, but what aliases expand to. */
const ALIAS_CODES = new Set(['BAD_ALIAS', 'RESOURCE_EXHAUSTION', 'IMPOSSIBLE']);

function message(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  if (/call stack/i.test(first))
    return 'YAML nesting is too deep here: the parser gives up after a few hundred levels of lists and maps';
  const text = first.replace(/ at line \d+, column \d+.*$/, '').replace(/\.$/, '');
  const what = ALIAS_CODES.has(error.code) ? 'YAML' : 'YAML syntax';
  return `${what}: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/** Converts one YAML parse error into a diagnostic pointing at the exact spot. */
export function yamlErrorToDiagnostic(source: SourceFile, error: YAMLError): Diagnostic {
  const quote = brokenTemplateQuote(source, error);
  if (quote !== undefined) {
    return {
      ...locationOf(source, quote, quote + 1),
      severity: 'error',
      code: 'yaml-syntax',
      message: 'YAML syntax: the double-quoted string ends at this quote, but the template goes on',
      path: '',
      hint: QUOTED_TEMPLATE_HINT,
    };
  }
  const hint = HINTS[error.code];
  return {
    ...locationOf(source, error.pos[0], error.pos[1]),
    severity: 'error',
    code: 'yaml-syntax',
    message: message(error),
    path: '',
    ...(hint === undefined ? {} : { hint }),
  };
}

/** Every syntax error and warning of a source file, as diagnostics (one error per line: the first). */
export function yamlDiagnostics(source: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = new Set<number>();
  for (const doc of source.documents) {
    for (const error of doc.errors) {
      const { line } = source.lines.linePos(error.pos[0]);
      if (!lines.has(line)) out.push(yamlErrorToDiagnostic(source, error));
      lines.add(line);
    }
    for (const warning of doc.warnings)
      out.push({ ...yamlErrorToDiagnostic(source, warning), severity: 'warning', code: 'yaml-warning' });
  }
  return out;
}
