/** Merges several loaded Katalog files into one, reporting every conflict. */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { locate } from './source-file.ts';
import type { SourceFile } from './source-file.ts';
import type { CrdDeclaration, Declared, KatalogDocument, LoadedKatalog } from './types.ts';

type Path = readonly (string | number)[];

function where(source: SourceFile, path: Path): string {
  const at = locate(source, path, 'key');
  return `${at.file}:${String(at.line)}:${String(at.column)}`;
}

function conflict(source: SourceFile, path: Path, message: string): Diagnostic {
  return { ...locate(source, path, 'key'), severity: 'error', code: 'merge-conflict', message, path: '' };
}

interface Collector<T> {
  readonly what: string;
  readonly map: Map<string, Declared<T>>;
  readonly diagnostics: Diagnostic[];
}

function add<T>(into: Collector<T>, name: string, item: Declared<T>): void {
  const first = into.map.get(name);
  if (first === undefined) {
    into.map.set(name, item);
    return;
  }
  const message = `${into.what} "${name}" is already declared at ${where(first.source, first.path)}; each name may be declared once across all Katalog files`;
  into.diagnostics.push(conflict(item.source, item.path, message));
}

type NoteValue = KatalogDocument['katalog']['notes'][string];
type ProviderValue = KatalogDocument['katalog']['providers'][number];
type SecurityValue = NonNullable<KatalogDocument['katalog']['security']>;

interface Collectors {
  readonly crds: Collector<CrdDeclaration>;
  readonly notes: Collector<NoteValue>;
  readonly providers: Collector<ProviderValue>;
  readonly security: Collector<SecurityValue>;
}

function collect(doc: KatalogDocument, into: Collectors): void {
  const { source, katalog } = doc;
  for (const [key, entry] of Object.entries(katalog.spec.crds)) {
    const apiTypes = doc.apiTypes.get(key);
    if (apiTypes === undefined) continue;
    const value = { key, entry, apiTypes, katalog: katalog.metadata, source };
    add(into.crds, key, { value, source, path: ['spec', 'crds', key] });
  }
  for (const [name, note] of Object.entries(katalog.notes)) {
    add(into.notes, name, { value: note, source, path: ['notes', name] });
  }
  katalog.providers.forEach((p, i) => {
    add(into.providers, p.name, { value: p, source, path: ['providers', i] });
  });
  if (katalog.security !== undefined) {
    add(into.security, 'security', { value: katalog.security, source, path: ['security'] });
  }
}

/** Merges documents: the first declaration of a CRD key, note or provider wins; repeats are errors. */
export function mergeKatalogs(documents: readonly KatalogDocument[]): {
  katalog: LoadedKatalog;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const collector = <T>(what: string): Collector<T> => ({ what, map: new Map(), diagnostics });
  const into: Collectors = {
    crds: collector('CRD'),
    notes: collector('note'),
    providers: collector('provider'),
    security: collector('block'),
  };
  for (const doc of documents) collect(doc, into);
  const katalog: LoadedKatalog = {
    documents,
    crds: [...into.crds.map.values()].map((d) => d.value),
    notes: into.notes.map,
    providers: into.providers.map,
    security: into.security.map.get('security'),
  };
  return { katalog, diagnostics };
}
