/**
 * Parsing and merging kubeconfig files the way kubectl does for a KUBECONFIG path list: for each
 * cluster, user and context name the first file that defines it wins, and so does the first
 * `current-context`. Every entry remembers its file's directory, against which its relative
 * paths resolve.
 *
 * The YAML parser is loaded only for a file that is not JSON (JSON is YAML): an operator that runs
 * in-cluster, or is handed its kubeconfig already as JSON (`ork run` has its Katalog child read
 * it), never loads the YAML library, ~1.5 MB of resident memory.
 */
import { dirname } from 'node:path';
import { KubeConfigError } from './cluster-config.ts';

/** A YAML mapping as parsed. */
export type YamlMap = Record<string, unknown>;

/** A named kubeconfig entry and the directory of the file that defined it. */
export interface KubeconfigEntry {
  name: string;
  value: YamlMap;
  dir: string;
}

/** The merged view of one or more kubeconfig files. */
export interface MergedKubeconfig {
  currentContext?: string;
  clusters: Map<string, KubeconfigEntry>;
  users: Map<string, KubeconfigEntry>;
  contexts: Map<string, KubeconfigEntry>;
}

/** One kubeconfig file's path and text. */
export interface KubeconfigSource {
  path: string;
  text: string;
}

/** The mapping at `value`, or undefined. */
export function asMap(value: unknown): YamlMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as YamlMap)
    : undefined;
}

/** The string at `map[key]`, or undefined (also for ''). */
export function stringField(map: YamlMap | undefined, key: string): string | undefined {
  const value = map?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Parses YAML text. */
export type YamlParse = (text: string) => unknown;

const isJson = (text: string): boolean => text.trimStart().startsWith('{');

/** A parser for `sources`: JSON.parse when every one is JSON, else the YAML library's. */
export async function parserFor(sources: readonly KubeconfigSource[]): Promise<YamlParse> {
  if (sources.every((source) => isJson(source.text))) return (text) => JSON.parse(text) as unknown;
  // The default export is the CommonJS module itself, as Node and the bundle both give it.
  return (await import('yaml')).default.parse;
}

function parseDocument(source: KubeconfigSource, parse: YamlParse): YamlMap {
  let doc: unknown;
  try {
    doc = parse(source.text);
  } catch (error) {
    throw new KubeConfigError(`kubeconfig ${source.path} is not valid YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (doc === null || doc === undefined) return {};
  const map = asMap(doc);
  if (map === undefined) throw new KubeConfigError(`kubeconfig ${source.path} is not a YAML mapping`);
  return map;
}

function addEntries(target: Map<string, KubeconfigEntry>, list: unknown, field: string) {
  return (dir: string): void => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      const map = asMap(item);
      const name = stringField(map, 'name');
      if (name === undefined || target.has(name)) continue;
      target.set(name, { name, value: asMap(map?.[field]) ?? {}, dir });
    }
  };
}

/** Merges kubeconfig files, earlier files winning per name and for `current-context`. */
export function mergeKubeconfigs(sources: KubeconfigSource[], parse: YamlParse): MergedKubeconfig {
  const merged: MergedKubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const source of sources) {
    const doc = parseDocument(source, parse);
    const dir = dirname(source.path);
    merged.currentContext ??= stringField(doc, 'current-context');
    addEntries(merged.clusters, doc.clusters, 'cluster')(dir);
    addEntries(merged.users, doc.users, 'user')(dir);
    addEntries(merged.contexts, doc.contexts, 'context')(dir);
  }
  return merged;
}

/** The context, cluster and user a kubeconfig selects. */
export interface SelectedContext {
  contextName: string;
  cluster: KubeconfigEntry;
  /** Undefined when the context names no user (anonymous). */
  user: KubeconfigEntry | undefined;
  namespace: string;
}

function findContext(
  merged: MergedKubeconfig,
  override?: string,
): { contextName: string; context: KubeconfigEntry } {
  const contextName = override ?? merged.currentContext;
  if (contextName === undefined) {
    throw new KubeConfigError('kubeconfig has no current-context; pass a context explicitly');
  }
  const context = merged.contexts.get(contextName);
  if (context === undefined) throw new KubeConfigError(`kubeconfig has no context "${contextName}"`);
  return { contextName, context };
}

/**
 * Selects `override` or else `current-context`, and looks up its cluster and user.
 * @throws KubeConfigError when no context is selected or a name it refers to is missing.
 */
export function selectContext(merged: MergedKubeconfig, override?: string): SelectedContext {
  const { contextName, context } = findContext(merged, override);
  const clusterName = stringField(context.value, 'cluster');
  const cluster = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (cluster === undefined) {
    throw new KubeConfigError(
      `context "${contextName}" refers to cluster "${clusterName ?? ''}", which is not defined`,
    );
  }
  const userName = stringField(context.value, 'user');
  const user = userName === undefined ? undefined : merged.users.get(userName);
  if (userName !== undefined && user === undefined) {
    throw new KubeConfigError(`context "${contextName}" refers to user "${userName}", which is not defined`);
  }
  const namespace = stringField(context.value, 'namespace') ?? 'default';
  return { contextName, cluster, user, namespace };
}
