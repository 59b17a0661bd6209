/**
 * The live CRD of a converting entry, checked before its `spec.conversion` is set: the CRD must store
 * the Katalog's `storageVersion` and serve every version a path names. The runtime never rewrites the
 * user's versions: a mismatch is an error saying what to change, reported until the CRD is fixed.
 */
import {
  NotFoundError,
  type GroupVersionResource,
  type KubeClient,
  type KubeObject,
} from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';

const CRDS: GroupVersionResource = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  namespaced: false,
};

/** A CRD whose versions do not fit the declared conversion. */
export class ConversionSetupError extends Error {
  override readonly name = 'ConversionSetupError';
}

/** The CRD's name, `<plural>.<group>`. */
export function crdResourceName(plan: Pick<Plan, 'plural' | 'gvk'>): string {
  return `${plan.plural}.${plan.gvk.group}`;
}

interface CrdVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly storage?: boolean;
}

/**
 * What is wrong with a CRD's versions for the conversion, or nothing.
 * Pure: the caller reads the CRD.
 */
export function liveCrdProblems(crd: KubeObject, conversion: NonNullable<Plan['conversion']>): string[] {
  const versions = (crd['spec'] as { versions?: CrdVersion[] } | undefined)?.versions ?? [];
  const name = crd.metadata?.name ?? '';
  const served = versions.filter((v) => v.served === true).map((v) => v.name);
  const stored = versions.find((v) => v.storage === true)?.name;
  const problems: string[] = [];
  if (stored !== conversion.storageVersion) {
    problems.push(
      `CRD ${name} stores ${stored ?? 'no version'}, but conversion.storageVersion is ${conversion.storageVersion}`,
    );
  }
  const named = [...new Set(conversion.paths.flatMap((p) => [p.from, p.to]))];
  const unserved = named.filter((v) => !served.includes(v));
  if (unserved.length > 0) {
    problems.push(
      `CRD ${name} does not serve ${unserved.join(', ')}, named by conversion paths (served: ${served.join(', ') || 'none'})`,
    );
  }
  return problems;
}

/**
 * Reads the plan's CRD and checks its versions against the declared conversion.
 * @throws ConversionSetupError naming the entry, when the CRD is missing or does not fit
 */
export async function checkLiveCrd(
  client: KubeClient,
  plan: Plan,
  conversion: NonNullable<Plan['conversion']>,
): Promise<void> {
  const name = crdResourceName(plan);
  let crd: KubeObject;
  try {
    crd = await client.get(CRDS, name);
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new ConversionSetupError(`${plan.key}: CRD ${name} does not exist; conversion cannot be set up`);
    throw error;
  }
  const problems = liveCrdProblems(crd, conversion);
  if (problems.length > 0) throw new ConversionSetupError(`${plan.key}: ${problems.join('; ')}`);
}
