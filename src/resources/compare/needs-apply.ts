/**
 * "No write when nothing changed" (spec §4.2): the desired object is compared with the live one on the
 * fields Orkestra sets only (live objects carry defaults and fields of other managers), with the API
 * server's normalisations: quantities by value, int-or-string numbers, empty values equal to absent ones,
 * named list elements matched by name.
 */
import { isRecord } from '../path.ts';
import type { Manifest } from '../types.ts';
import { quantitiesEqual } from './quantity.ts';

/** Parent keys whose values are quantities (`resources.requests.cpu`, ResourceQuota `hard`...). */
const QUANTITY_PARENTS: ReadonlySet<string> = new Set([
  'requests',
  'limits',
  'hard',
  'capacity',
  'default',
  'defaultRequest',
  'max',
  'min',
]);
/** Keys whose value is a quantity wherever they appear. */
const QUANTITY_KEYS: ReadonlySet<string> = new Set(['sizeLimit', 'storage']);

/** Where in the object a value sits: its key and its parent's key. */
interface Place {
  readonly key: string;
  readonly parent: string;
}

function isQuantityPlace(place: Place): boolean {
  return QUANTITY_KEYS.has(place.key) || QUANTITY_PARENTS.has(place.parent);
}

function isEmptyDesired(value: unknown): boolean {
  if (value === '' || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function sameIntOrString(desired: unknown, live: unknown): boolean {
  const number = typeof desired === 'number' ? desired : live;
  const text = typeof desired === 'number' ? live : desired;
  return (
    typeof number === 'number' && typeof text === 'string' && /^-?\d+$/.test(text) && Number(text) === number
  );
}

function scalarMatches(desired: unknown, live: unknown, place: Place): boolean {
  if (desired === live) return true;
  if (isQuantityPlace(place) && quantitiesEqual(desired, live)) return true;
  return sameIntOrString(desired, live);
}

function nameOf(value: unknown): unknown {
  return isRecord(value) ? value['name'] : undefined;
}

function listMatches(desired: unknown[], live: unknown, place: Place): boolean {
  if (!Array.isArray(live) || live.length !== desired.length) return false;
  const byName = desired.every((element) => typeof nameOf(element) === 'string');
  return desired.every((element, i) => {
    const counterpart: unknown = byName
      ? live.find((candidate) => nameOf(candidate) === nameOf(element))
      : live[i];
    return valueMatches(element, counterpart, { key: place.key, parent: place.parent });
  });
}

function mapMatches(desired: Record<string, unknown>, live: unknown, place: Place): boolean {
  const liveMap = isRecord(live) ? live : {};
  if (!isRecord(live) && live !== undefined) return false;
  return Object.entries(desired).every(([key, value]) =>
    valueMatches(value, liveMap[key], { key, parent: place.key }),
  );
}

/**
 * Tells whether a live value satisfies a desired one: every field the desired value sets is present in the
 * live value with an equal value (after normalisation); fields only the live value has are ignored.
 */
export function valueMatches(
  desired: unknown,
  live: unknown,
  place: Place = { key: '', parent: '' },
): boolean {
  if (desired === undefined) return true;
  if (live === undefined || live === null) return isEmptyDesired(desired);
  if (Array.isArray(desired)) return listMatches(desired, live, place);
  if (isRecord(desired)) return mapMatches(desired, live, place);
  return scalarMatches(desired, live, place);
}

/**
 * Tells whether a desired child must be applied: it is missing, or a field Orkestra sets differs from the
 * live object. `status` is ignored (written through the status subresource). With a desired-hash annotation
 * on the desired manifest, any change of the desired object (a removed field included) also counts.
 */
export function needsApply(desired: Manifest, live: Manifest | undefined): boolean {
  if (live === undefined) return true;
  const { status: _desiredStatus, ...fields } = desired;
  return !valueMatches(fields, live);
}
