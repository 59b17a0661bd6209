/**
 * How many arguments each catalog function takes, checked at every call as Go checks a function's arity
 * ("wrong number of args for upper: want 1 got 0") and, before any run, by the Katalog validator. Sprig's
 * signatures (`add` is variadic there: `{{ add 1 }}` is 1, `{{ add }}` 0), except where the spec pins down a
 * form of its own (`default` takes two arguments, `date` and `nextCron` an optional time).
 */
import type { Arity } from '../exec/func-types.ts';

const ONE: Arity = [1, 1];
const TWO: Arity = [2, 2];
const ANY: Arity = [0, undefined];

const BY_ARITY: readonly (readonly [Arity, readonly string[]])[] = [
  [
    [0, 0],
    ['uuidv4', 'now'],
  ],
  [
    ONE,
    [
      ...['empty', 'upper', 'lower', 'title', 'trim', 'nospace', 'toString', 'toInt', 'toFloat', 'toBool'],
      ...['toJson', 'fromJson', 'toYaml', 'b64enc', 'b64dec', 'sha256sum', 'values', 'randomAlphanumeric'],
      ...[
        'randomHex',
        'timeAgo',
        'durationSeconds',
        'cronValid',
        'cronNormalize',
        'cronToMap',
        'cronFromMap',
      ],
      ...['cronFromAny', 'name', 'namespace', 'labels', 'annotations', 'phase', 'isSynced', 'readyReplicas'],
      ...['desiredReplicas', 'allReplicasReady', 'jobSucceeded', 'jobFailed', 'jobActive', 'semverMajor'],
      ...['semverMinor', 'semverPatch'],
    ],
  ],
  [
    TWO,
    [
      ...[
        'default',
        'trimPrefix',
        'trimSuffix',
        'hasPrefix',
        'hasSuffix',
        'split',
        'join',
        'repeat',
        'trunc',
      ],
      ...['abbrev', 'contains', 'hasKey', 'sub', 'div', 'mod', 'conditionReason', 'semverCompare'],
    ],
  ],
  [
    [3, 3],
    ['ternary', 'replace'],
  ],
  [
    [1, 2],
    ['date', 'nextCron'],
  ],
  [[2, 3], ['hasCondition']],
  [
    [1, undefined],
    ['get', 'pluck', 'merge', 'mul', 'min', 'max'],
  ],
  [ANY, ['coalesce', 'quote', 'squote', 'list', 'dict', 'keys', 'add']],
];

/** The arity of every catalog function by name. */
export const CATALOG_ARITY: ReadonlyMap<string, Arity> = new Map(
  BY_ARITY.flatMap(([arity, names]) => names.map((n) => [n, arity] as const)),
);
