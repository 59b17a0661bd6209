/**
 * The Komposer (spec §12), pure: its file read with positions, its overrides as an overlay of the loader,
 * and what composing adds — unknown overrides, diagnostics named by their source, the composed document.
 * Fetching the sources is the app layer's.
 */
export { isKomposerText, parseKomposer } from './parse-komposer.ts';
export type { ParsedKomposer } from './parse-komposer.ts';
export { deepMerge, komposerOverlay, relocateToOverrides } from './overlay.ts';
export {
  composeKatalog,
  dropOverriddenTemplates,
  komposerTemplates,
  labelDiagnostics,
  labelFile,
  labelSources,
  sourceDiagnostic,
  unknownOverrides,
} from './compose.ts';
export type { ComposedFile, ComposedKatalog, SourceOrigin } from './compose.ts';
export type { GitSource, HelmSource, Komposer, RegistrySource } from './schema.ts';
