/**
 * Renders a Helm chart's templates with Orkestra's own Go-template engine — no helm binary. The data is
 * Helm's: `.Values` (values.yaml with the source's values deep-merged over it), `.Release`, `.Chart`
 * (Chart.yaml with Helm's capitalised keys), `.Capabilities` (minimal) and `.Template`. Templates share
 * their `define`s as in Helm (partials are files starting with `_`), and Helm's own functions are added
 * where the catalog has none: `include`, `tpl`, `required`, `fail`, `indent`, `nindent`. A function the
 * engine does not know is an error naming the chart file, line and column.
 */
import {
  ContextFunc,
  createFunctionCatalog,
  executeTemplate,
  loadYamlLibrary,
  parseTemplate,
  ParsedTemplate,
  TemplateError,
  type FuncMap,
} from '../template/index.ts';
import { deepMerge, parseYamlObjects } from '../katalog/index.ts';
import { KomposerSourceError } from './komposer-source-types.ts';

/** A chart's files by path inside the chart folder (`Chart.yaml`, `templates/x.yaml`). */
export type ChartFiles = ReadonlyMap<string, string>;

/** What to render a chart with. */
export interface RenderRequest {
  readonly chart: string;
  readonly files: ChartFiles;
  readonly values: Readonly<Record<string, unknown>>;
  readonly release: { readonly name: string; readonly namespace: string };
}

/** One rendered template: its path in the chart and the text it printed. */
export interface RenderedTemplate {
  readonly template: string;
  readonly text: string;
}

const CHART_KEYS: Readonly<Record<string, string>> = {
  apiVersion: 'APIVersion',
  appVersion: 'AppVersion',
  kubeVersion: 'KubeVersion',
};

function yamlMap(file: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const read = parseYamlObjects(file, text);
  const first = read.diagnostics.find((d) => d.severity === 'error');
  if (first !== undefined)
    throw new KomposerSourceError(`${file}:${first.line}:${first.column}: ${first.message}`);
  return read.objects[0]?.value ?? {};
}

/** Chart.yaml as `.Chart`: each key capitalised as Helm's Chart struct has it. */
function chartObject(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(metadata).map(([k, v]) => [
      CHART_KEYS[k] ?? `${k.charAt(0).toUpperCase()}${k.slice(1)}`,
      v,
    ]),
  );
}

/** Text of a value as a template prints it (nil prints nothing). */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function indent(spaces: unknown, text: unknown): string {
  const pad = ' '.repeat(Number(spaces));
  return textOf(text)
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

/** A parsed template that sees `defines` (the chart's shared ones). */
function withDefines(t: ParsedTemplate, defines: ParsedTemplate['defines']): ParsedTemplate {
  const { name, source, offset, root, funcs } = t;
  return new ParsedTemplate({ name, source, offset, root, defines, funcs });
}

/** Helm's functions the catalog lacks; `include` and `tpl` read the chart's shared defines. */
function helmFunctions(shared: { defines: Map<string, ParsedTemplate['root']>; funcs: FuncMap }): FuncMap {
  const run = (source: string, name: string) => {
    const parsed = parseTemplate(source, { name, funcs: shared.funcs });
    const defines = new Map([...shared.defines, ...parsed.defines]);
    return withDefines(parsed, defines);
  };
  return {
    include: new ContextFunc((ctx, [name, data]) => {
      if (!shared.defines.has(String(name))) throw new Error(`include: no template "${String(name)}"`);
      return textOf(ctx.evaluate(run(`{{template ${JSON.stringify(String(name))} .}}`, 'include'), data));
    }),
    // The text is wrapped in a define of its own, so the result is always text (never one action's value).
    tpl: new ContextFunc((ctx, [text, data]) => {
      const source = `{{define "__tpl"}}${String(text)}{{end}}{{template "__tpl" .}}`;
      return textOf(ctx.evaluate(run(source, 'tpl'), data));
    }),
    required: (message: unknown, value: unknown) => {
      if (value === undefined || value === null || value === '') throw new Error(String(message));
      return value;
    },
    fail: (message: unknown) => {
      throw new Error(String(message));
    },
    indent,
    nindent: (spaces: unknown, text: unknown) => `\n${indent(spaces, text)}`,
  };
}

function templatePaths(files: ChartFiles): string[] {
  return [...files.keys()].filter((p) => p.startsWith('templates/') && /\.(ya?ml|tpl)$/.test(p)).sort();
}

function isPartial(path: string): boolean {
  return (path.split('/').at(-1) ?? '').startsWith('_') || path.endsWith('.tpl');
}

function parseAll(request: RenderRequest, funcs: FuncMap): Map<string, ParsedTemplate> {
  const parsed = new Map<string, ParsedTemplate>();
  for (const path of templatePaths(request.files)) {
    const name = `${request.chart}/${path}`;
    try {
      parsed.set(path, parseTemplate(request.files.get(path) ?? '', { name, funcs }));
    } catch (error) {
      throw templateFailure(error);
    }
  }
  return parsed;
}

function templateFailure(error: unknown): Error {
  if (error instanceof TemplateError) {
    return new KomposerSourceError(`${error.templateName}:${error.line}:${error.col}: ${error.reason}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Helm's built-in objects (`.Template` is added per template). */
function helmData(request: RenderRequest): Record<string, unknown> {
  const metadata = yamlMap(`${request.chart}/Chart.yaml`, request.files.get('Chart.yaml'));
  const defaults = yamlMap(`${request.chart}/values.yaml`, request.files.get('values.yaml'));
  const { name, namespace } = request.release;
  return {
    Values: deepMerge(defaults, request.values),
    Release: {
      Name: name,
      Namespace: namespace,
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    Chart: chartObject(metadata),
    Capabilities: { KubeVersion: { Version: 'v1.33.0', Major: '1', Minor: '33' }, APIVersions: [] },
  };
}

/** Renders every template of the chart (partials only lend their defines). */
export async function renderChart(request: RenderRequest): Promise<RenderedTemplate[]> {
  await loadYamlLibrary();
  const data = helmData(request);
  const shared = { defines: new Map<string, ParsedTemplate['root']>(), funcs: {} as FuncMap };
  shared.funcs = { ...createFunctionCatalog({ clock: () => new Date() }), ...helmFunctions(shared) };
  const parsed = parseAll(request, shared.funcs);
  for (const t of parsed.values()) for (const [n, tree] of t.defines) shared.defines.set(n, tree);
  const out: RenderedTemplate[] = [];
  for (const [path, t] of parsed) {
    if (isPartial(path)) continue;
    const template = { Name: `${request.chart}/${path}`, BasePath: `${request.chart}/templates` };
    try {
      out.push({
        template: path,
        text: executeTemplate(withDefines(t, shared.defines), { ...data, Template: template }),
      });
    } catch (error) {
      throw templateFailure(error);
    }
  }
  return out;
}
