/**
 * Converts one object between versions of its CRD (spec §9.5): along the chain of declared paths, each
 * step copies the object with the step's apiVersion and sets the step's spec fields to their templates
 * rendered against the object as it was before the step. Metadata and status are kept. Rendered values
 * keep their type (spec §6.1): a template yielding a map or a number writes a map or a number.
 */
import type { KubeObject } from '../../kube/index.ts';
import { buildTemplateData, setPath, type RenderFn } from '../../resources/index.ts';
import type { ConversionChains, ConversionPathPlan } from './chains.ts';

/** An object that cannot be converted: the review fails with this message. */
export class ConversionError extends Error {
  override readonly name = 'ConversionError';
}

/** The version of an apiVersion: `v2` of `example.com/v2`. */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

/** The group of an apiVersion: `example.com` of `example.com/v2`, '' for the core group. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function describeObject(object: KubeObject): string {
  const { namespace, name } = object.metadata ?? {};
  return namespace === undefined ? (name ?? 'an object') : `${namespace}/${name ?? ''}`;
}

/** One step along a path: the object at the path's target version. */
function step(
  object: KubeObject,
  path: ConversionPathPlan,
  scope: { readonly group: string; readonly render: RenderFn },
): KubeObject {
  const { group, render } = scope;
  const data = buildTemplateData({ cr: object });
  let spec = { ...((object['spec'] ?? {}) as Record<string, unknown>) };
  for (const [field, template] of Object.entries(path.spec)) {
    let value: unknown;
    try {
      value = render(template, data);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConversionError(`${path.from}→${path.to}: spec.${field}: ${reason}`);
    }
    spec = setPath(spec, field, value);
  }
  const apiVersion = group === '' ? path.to : `${group}/${path.to}`;
  return { ...structuredClone(object), apiVersion, spec };
}

/**
 * The object converted to `desiredAPIVersion`.
 * @throws ConversionError when no chain of paths leads there or a template fails, naming the object
 * and the versions
 */
export function convertObject(
  object: KubeObject,
  desiredAPIVersion: string,
  scope: { readonly chains: ConversionChains; readonly render: RenderFn },
): KubeObject {
  const { chains, render } = scope;
  const from = versionOf(object.apiVersion ?? '');
  const to = versionOf(desiredAPIVersion);
  const chain = chains.chain(from, to);
  if (chain === undefined) {
    throw new ConversionError(
      `no conversion path from ${from} to ${to} for ${describeObject(object)} (declared: ${chains.describe()})`,
    );
  }
  const group = groupOf(desiredAPIVersion);
  let converted: KubeObject = { ...object, apiVersion: desiredAPIVersion };
  try {
    for (const path of chain) converted = step(converted, path, { group, render });
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    throw new ConversionError(`converting ${describeObject(object)} from ${from} to ${to}: ${error.message}`);
  }
  return converted;
}
