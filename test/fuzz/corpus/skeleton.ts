/**
 * The valid Katalog, CRD and CR that hostile inputs are built from: one entry `app` (kind App) with
 * one ConfigMap whose `data.value` holds the template under test. Every builder returns text, and
 * `lineOf` finds the line of a marker so cases can assert where their error is reported.
 */

/** Options of {@link katalogText}. */
export interface KatalogParts {
  /** The template (or plain value) of the ConfigMap's `data.value`. */
  readonly value?: string;
  /** Extra YAML lines of the CRD entry (indented by the builder), e.g. `resync: 0s`. */
  readonly entry?: readonly string[];
  /** Extra YAML lines of the ConfigMap entry, e.g. a `when:` block. */
  readonly child?: readonly string[];
  /** Lines placed under the top-level `notes:` key. */
  readonly notes?: readonly string[];
  /** The ConfigMap's name template. @default {{ .metadata.name }} */
  readonly childName?: string;
  /** The Katalog's metadata.name. @default fuzz */
  readonly name?: string;
}

/** A YAML single-quoted scalar holding `text` exactly. */
export function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function indent(lines: readonly string[] | undefined, spaces: number): string[] {
  return (lines ?? []).map((l) => `${' '.repeat(spaces)}${l}`);
}

/** A valid Katalog, with the given parts put in. */
export function katalogText(parts: KatalogParts = {}): string {
  return [
    'apiVersion: orkestra.orkspace.io/v1',
    'kind: Katalog',
    'metadata:',
    `  name: ${parts.name ?? 'fuzz'}`,
    ...(parts.notes ? ['notes:', ...indent(parts.notes, 2)] : []),
    'spec:',
    '  crds:',
    '    app:',
    '      apiTypes: {group: demo.io, version: v1, kind: App, plural: apps}',
    ...indent(parts.entry, 6),
    '      operatorBox:',
    '        onReconcile:',
    '          configMaps:',
    `            - name: ${quoted(parts.childName ?? '{{ .metadata.name }}')}`,
    ...indent(parts.child, 14),
    '              data:',
    `                value: ${quoted(parts.value ?? '{{ .spec.text }}')}`,
    '',
  ].join('\n');
}

/** A CR of the skeleton's kind with the given spec (YAML lines under `spec:`) and name. */
export function crText(spec: readonly string[] = ['text: hello'], name = 'one'): string {
  return [
    'apiVersion: demo.io/v1',
    'kind: App',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...indent(spec, 2),
    '',
  ].join('\n');
}

/** The 1-based line of the first line of `text` containing `marker`. */
export function lineOf(text: string, marker: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(marker));
  if (index < 0) throw new Error(`marker ${marker} not in the text`);
  return index + 1;
}

/** The files of a render case: the Katalog and a CR. */
export function renderFiles(parts: KatalogParts, spec?: readonly string[], name?: string) {
  return { 'katalog.yaml': katalogText(parts), 'cr.yaml': crText(spec, name) };
}
