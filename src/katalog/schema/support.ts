/**
 * Keys of the language the runtime does not honour yet. A Katalog that uses one is refused where the key
 * is written (never accepted and silently ignored); the reference docs and the JSON Schema say so in the
 * key's description. Marking is done on the schema itself, so the refusal, the docs and the schema-key
 * test (every key is either honoured or marked) read one source of truth. An issue that implements a
 * key removes its mark.
 */
import { z } from 'zod';

/** A value of a marked key that the runtime does honour, because it asks for nothing. */
export interface HonouredValue {
  /** How the docs and errors name it: `false`, `true`, `an empty list`. */
  readonly text: string;
  /** Whether a written value is it. */
  readonly test: (value: unknown) => boolean;
}

/** Why a key is refused and which of its values are nevertheless honoured. */
export interface NotYetSupported {
  /** The feature, as the spec names it, e.g. `cross-operator observation, spec §10.1`. */
  readonly feature: string;
  /** The one value accepted (usually the default); undefined: the key is refused whatever its value. */
  readonly honours?: HonouredValue;
}

/** The registry of marked keys: the value schema of an object key → why it is not supported yet. */
export const notYetSupported = z.registry<NotYetSupported>();

/** The empty list or map (or null), which asks for nothing. */
export const EMPTY: HonouredValue = {
  text: 'an empty list',
  test: (value) =>
    value === null ||
    (Array.isArray(value)
      ? value.length === 0
      : typeof value === 'object' && Object.keys(value).length === 0),
};

/** Exactly `value` (or null, which the schema reads as the default). */
export function exactly(value: boolean): HonouredValue {
  return { text: String(value), test: (v) => v === value || v === null };
}

/** What a marked key accepts, in words: the tail of its refusal message and of its description. */
export function acceptedText(marking: NotYetSupported): string {
  return marking.honours === undefined ? 'remove it' : `only ${marking.honours.text} is accepted`;
}

/**
 * Marks `schema` (the value schema of an object key) as not supported yet: its description says so and
 * `notYetSupported` knows it. Returns the marked schema to put in the shape.
 */
export function notYet<T extends z.ZodType>(schema: T, marking: NotYetSupported): T {
  const prefix = `**Not supported yet** (${marking.feature}; ${acceptedText(marking)}).`;
  const marked = schema.describe(`${prefix} ${schema.description ?? ''}`.trim());
  notYetSupported.add(marked, marking);
  return marked;
}
