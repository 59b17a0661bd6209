/**
 * Reads a Komposer file with positions, like a Katalog: YAML errors, unknown keys ("did you mean") and wrong
 * types with file:line:col and YAML path.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { protoKeyDiagnostics } from '../load/proto-keys.ts';
import { schemaDiagnostics } from '../load/schema-issues.ts';
import { locate, parseSourceFile, type SourceFile } from '../load/source-file.ts';
import { toPlain } from '../load/yaml-bounds.ts';
import { yamlDiagnostics, yamlErrorToDiagnostic } from '../load/yaml-errors.ts';
import { Komposer } from './schema.ts';

/** A Komposer file after reading: its value when valid, and what was found. */
export interface ParsedKomposer {
  readonly source: SourceFile;
  readonly komposer: Komposer | undefined;
  /** The overrides as written (no defaults), for the overlay. */
  readonly overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly diagnostics: readonly Diagnostic[];
}

const KIND_LINE = /^kind:\s*["']?Komposer["']?\s*(#.*)?$/m;

/** Whether a YAML text is a Komposer (a top-level `kind: Komposer`); a cheap test before parsing. */
export function isKomposerText(text: string): boolean {
  return KIND_LINE.test(text);
}

/** Parses and checks a Komposer file. Never throws on bad input. */
export function parseKomposer(file: string, text: string): ParsedKomposer {
  const source = parseSourceFile(file, text);
  const none = { source, komposer: undefined, overrides: {} };
  const diagnostics = yamlDiagnostics(source);
  if (hasErrors(diagnostics)) return { ...none, diagnostics };
  const [doc, ...rest] = source.documents;
  if (doc === undefined || doc.contents === null || rest.length > 0) {
    const at = locate(source, []);
    const message = 'a Komposer file holds exactly one YAML document';
    return {
      ...none,
      diagnostics: [{ ...at, severity: 'error', code: 'komposer-documents', message, path: '' }],
    };
  }
  const plain = toPlain(doc);
  if (plain.error !== undefined)
    return { ...none, diagnostics: [yamlErrorToDiagnostic(source, plain.error)] };
  diagnostics.push(...protoKeyDiagnostics(source, plain.value));
  const result = Komposer.safeParse(plain.value);
  if (!result.success) {
    diagnostics.push(
      ...schemaDiagnostics({ source, schema: Komposer, input: plain.value }, result.error.issues),
    );
  }
  if (!result.success || hasErrors(diagnostics)) return { ...none, diagnostics };
  return { source, komposer: result.data, overrides: result.data.spec.crds, diagnostics };
}
