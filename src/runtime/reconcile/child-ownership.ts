/**
 * Whose a child is. A desired child whose object is already controlled by someone else — another
 * controller's ownerReference, or another Orkestra CR's owner labels on a child tracked by label —
 * is not this CR's to write: applying it would take the object over (the same field manager
 * replaces the other CR's owner reference) and the two owners would overwrite each other on every
 * reconcile. Retrying cannot help until the user renames one of them, so it is a TerminalError.
 */
import { InvalidError, type KubeObject, type OwnerReference } from '../../kube/index.ts';
import {
  describeChild,
  LABEL_CRD,
  LABEL_KATALOG,
  LABEL_OWNER,
  LABEL_OWNER_NAMESPACE,
} from '../../resources/index.ts';
import { TerminalError } from '../errors.ts';

/**
 * The labels that name the CR a child is tracked by. Not the Katalog's: renaming a Katalog must not
 * make its own children someone else's.
 */
const OWNER_LABELS = [LABEL_CRD, LABEL_OWNER, LABEL_OWNER_NAMESPACE];

function controllerOf(object: KubeObject): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/**
 * Who else controls `live`, for messages; undefined when nobody else does. A controller reference
 * decides when the live object has one (ours: it is ours, whatever its labels say); otherwise the
 * owner labels do.
 */
export function otherController(desired: KubeObject, live: KubeObject): string | undefined {
  const theirs = controllerOf(live);
  if (theirs === undefined) return otherLabelledOwner(desired, live);
  if (theirs.uid === controllerOf(desired)?.uid) return undefined;
  return `${theirs.kind} ${theirs.name} (uid ${theirs.uid})`;
}

/** The other CR `live`'s owner labels name; a label the live object lacks is no evidence. */
function otherLabelledOwner(desired: KubeObject, live: KubeObject): string | undefined {
  const mine = desired.metadata?.labels ?? {};
  const labels = live.metadata?.labels ?? {};
  const differs = OWNER_LABELS.some((key) => {
    const [a, b] = [mine[key], labels[key]];
    return a !== undefined && b !== undefined && a !== b;
  });
  if (!differs) return undefined;
  const namespace = labels[LABEL_OWNER_NAMESPACE];
  const cr = `${namespace === undefined ? '' : `${namespace}/`}${labels[LABEL_OWNER] ?? ''}`;
  return `${labels[LABEL_CRD] ?? ''} ${cr} of Katalog ${labels[LABEL_KATALOG] ?? ''}`;
}

/** @throws TerminalError when the cached `live` object of `desired` is controlled by another owner. */
export function assertNotControlledByOther(desired: KubeObject, live: KubeObject): void {
  const other = otherController(desired, live);
  if (other === undefined) return;
  throw new TerminalError(
    `${describeChild(desired)} is controlled by ${other}, not by this resource; give the child another name`,
  );
}

/**
 * The error of applying `desired`, as a TerminalError when the API server refused its owner
 * references (an object Orkestra does not watch already names another controller: "Only one
 * reference can have Controller set to true"); any other error as it is.
 */
export function ownershipError(error: unknown, desired: KubeObject): unknown {
  const causes = error instanceof InvalidError ? (error.details?.causes ?? []) : [];
  if (!causes.some((cause) => cause.field === 'metadata.ownerReferences')) return error;
  const message = `${describeChild(desired)} is controlled by another owner: ${(error as Error).message}`;
  return new TerminalError(message, { cause: error });
}
