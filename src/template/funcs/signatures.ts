/**
 * The signature of every catalog function: its parameters' Go types, from which its arity follows. Checked
 * at every call as Go checks a function's arity ("wrong number of args for upper: want 1 got 0") and its
 * argument types ("wrong type for value; expected int; got string"), and, for literal arguments, by the
 * Katalog validator before any run.
 *
 * Sprig's signatures for the functions sprig has (`repeat` is `func(count int, str string)`, `add` takes
 * `...interface{}`: `{{ add 1 }}` is 1, `{{ add }}` 0), except where the spec pins down a form of its own:
 * `default` takes two arguments, `date` and `nextCron` an optional time, `ternary` its condition first
 * unless piped, `get` a path. The functions of our own take interface{} where they read Kubernetes objects
 * or convert (nil-safe), a concrete type where only one makes sense (a cron expression, a length).
 * Notation: see {@link signature}.
 */
import type { Arity } from '../exec/func-types.ts';
import { arityOfSignature, signature } from '../exec/signature.ts';
import type { Signature } from '../exec/signature.ts';

const NOTATIONS: Readonly<Record<string, string | readonly [direct: string, piped: string]>> = {
  // conditionals
  default: 'any any',
  coalesce: '...any',
  empty: 'any',
  ternary: ['bool any any', 'any any bool'],
  get: 'any ...any',
  // strings
  upper: 'string',
  lower: 'string',
  title: 'string',
  trim: 'string',
  trimPrefix: 'string string',
  trimSuffix: 'string string',
  hasPrefix: 'string string',
  hasSuffix: 'string string',
  replace: 'string string string',
  split: 'string string',
  join: 'string any',
  repeat: 'int string',
  quote: '...any',
  squote: '...any',
  nospace: 'string',
  trunc: 'int string',
  abbrev: 'int string',
  contains: 'string string',
  toString: 'any',
  // conversion and data
  toInt: 'any',
  toFloat: 'any',
  toBool: 'any',
  toJson: 'any',
  fromJson: 'string',
  toYaml: 'any',
  b64enc: 'string',
  b64dec: 'string',
  sha256sum: 'string',
  list: '...any',
  dict: '...any',
  keys: '...map',
  values: 'map',
  hasKey: 'map string',
  pluck: 'string ...map',
  merge: 'map ...map',
  // math
  add: '...any',
  sub: 'any any',
  mul: 'any ...any',
  div: 'any any',
  mod: 'any any',
  min: 'any ...any',
  max: 'any ...any',
  // random and ids
  randomAlphanumeric: 'int',
  randomHex: 'int',
  uuidv4: '',
  // time and cron
  now: '',
  date: 'string any?',
  timeAgo: 'any',
  durationSeconds: 'any',
  nextCron: 'string any?',
  cronValid: 'any',
  cronNormalize: 'string',
  cronToMap: 'string',
  cronFromMap: 'map',
  cronFromAny: 'any',
  // Kubernetes objects
  name: 'any',
  namespace: 'any',
  labels: 'any',
  annotations: 'any',
  phase: 'any',
  hasCondition: 'any string string?',
  conditionReason: 'any string',
  isSynced: 'any',
  readyReplicas: 'any',
  desiredReplicas: 'any',
  allReplicasReady: 'any',
  jobSucceeded: 'any',
  jobFailed: 'any',
  jobActive: 'any',
  // semver
  semverCompare: 'string string',
  semverMajor: 'string',
  semverMinor: 'string',
  semverPatch: 'string',
};

/** The signature of every catalog function by name. */
export const CATALOG_SIGNATURES: ReadonlyMap<string, Signature> = new Map(
  Object.entries(NOTATIONS).map(([name, n]) => [
    name,
    typeof n === 'string' ? signature(n) : signature(...n),
  ]),
);

/** The arity of every catalog function by name (what its signature takes). */
export const CATALOG_ARITY: ReadonlyMap<string, Arity> = new Map(
  [...CATALOG_SIGNATURES].map(([name, s]) => [name, arityOfSignature(s)]),
);
