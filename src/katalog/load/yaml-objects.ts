/**
 * A YAML file of Kubernetes objects (the CRs and live children `ork render` reads, a crdFile) read
 * with the Katalog loader's bounds and positions: every problem is a located diagnostic, and each
 * object keeps where its document starts.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.ts';
import { hasErrors } from '../diagnostics/diagnostic.ts';
import { locationOf, parseSourceFile } from './source-file.ts';
import { toPlain } from './yaml-bounds.ts';
import { yamlDiagnostics, yamlErrorToDiagnostic } from './yaml-errors.ts';

/** One object of a file and where its document starts. */
export interface LocatedObject {
  readonly value: Record<string, unknown>;
  readonly location: SourceLocation;
}

/** The objects of a file (empty documents skipped), or the diagnostics that stop reading it. */
export interface YamlObjects {
  readonly objects: readonly LocatedObject[];
  readonly diagnostics: readonly Diagnostic[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a (multi-document) YAML or JSON text of objects. Never throws for bad input. */
export function parseYamlObjects(file: string, text: string): YamlObjects {
  const source = parseSourceFile(file, text);
  const diagnostics = yamlDiagnostics(source);
  if (hasErrors(diagnostics)) return { objects: [], diagnostics };
  const objects: LocatedObject[] = [];
  for (const doc of source.documents) {
    if (doc.contents === null) continue;
    const [start, end] = doc.contents.range;
    const location = locationOf(source, start, end);
    const plain = toPlain(doc);
    if (plain.error !== undefined) diagnostics.push(yamlErrorToDiagnostic(source, plain.error));
    else if (isObject(plain.value)) objects.push({ value: plain.value, location });
    else if (plain.value !== null && plain.value !== undefined)
      diagnostics.push({
        ...location,
        severity: 'error',
        code: 'not-an-object',
        message:
          'this document is not an object: a Kubernetes object is a map with apiVersion, kind and metadata',
        path: '',
      });
  }
  return { objects: hasErrors(diagnostics) ? [] : objects, diagnostics };
}
