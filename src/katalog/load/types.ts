/** The shapes the loader produces: parsed documents and the merged Katalog. */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { CrdEntry, Katalog } from '../schema/katalog.ts';
import type { ResolvedApiTypes } from './crd-file.ts';
import type { SourceFile } from './source-file.ts';

/** Reads a file's text; rejects when it cannot. The CLI passes the real filesystem, tests a map. */
export type ReadFile = (path: string) => Promise<string>;

/** One Katalog file after a successful schema check. */
export interface KatalogDocument {
  /** The source, for positions. */
  readonly source: SourceFile;
  /** The parsed Katalog, defaults applied. */
  readonly katalog: Katalog;
  /** apiTypes per CRD key, from `apiTypes` or read from `crdFile`. */
  readonly apiTypes: ReadonlyMap<string, ResolvedApiTypes>;
}

/** One CRD entry of the merged Katalog, with where it came from. */
export interface CrdDeclaration {
  /** The key under spec.crds. */
  readonly key: string;
  /** The entry, defaults applied. */
  readonly entry: CrdEntry;
  /** Its identity (from apiTypes or crdFile). */
  readonly apiTypes: ResolvedApiTypes;
  /** The metadata of the Katalog that declares it. */
  readonly katalog: Katalog['metadata'];
  /** The file that declares it. */
  readonly source: SourceFile;
}

/** Something declared at Katalog level (a note, a provider), with its file. */
export interface Declared<T> {
  /** The declaration. */
  readonly value: T;
  /** The file that declares it. */
  readonly source: SourceFile;
  /** Its YAML path in that file. */
  readonly path: readonly (string | number)[];
}

/** Several Katalog files merged into one: CRD keys, notes and providers are unique across files. */
export interface LoadedKatalog {
  /** The files, in the order given. */
  readonly documents: readonly KatalogDocument[];
  /** Every CRD entry (including disabled ones), in file and declaration order. */
  readonly crds: readonly CrdDeclaration[];
  /** User-defined template functions by name. */
  readonly notes: ReadonlyMap<string, Declared<Katalog['notes'][string]>>;
  /** Declared providers by name. */
  readonly providers: ReadonlyMap<string, Declared<Katalog['providers'][number]>>;
  /** The security block, when one file declares it. */
  readonly security: Declared<NonNullable<Katalog['security']>> | undefined;
}

/** The result of loading: the merged Katalog when every file parsed, and every diagnostic. */
export interface LoadResult {
  /** The merged Katalog; undefined when a file could not be read, parsed or schema-checked. */
  readonly katalog: LoadedKatalog | undefined;
  /** Diagnostics so far, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The text of every source read, by file name (for excerpts). */
  readonly sources: ReadonlyMap<string, string>;
}
