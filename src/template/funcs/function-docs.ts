/**
 * Reference documentation of the function catalog: one entry per function with its usage, a summary and an
 * example that the reference generator executes to show real output.
 */

/** The documentation of one function. */
export interface FunctionDoc {
  name: string;
  group: string;
  usage: string;
  summary: string;
  example: string;
}

type Row = readonly [name: string, usage: string, summary: string, example: string];

const GROUPS: Readonly<Record<string, readonly Row[]>> = {
  Conditionals: [
    [
      'default',
      'default VALUE FALLBACK · VALUE | default FALLBACK',
      'VALUE unless empty (nil, "", 0, false, empty list or map), else FALLBACK. Called with two arguments, the one literal is the fallback when exactly one is.',
      '{{ default .spec.missing "d" }} {{ .spec.name | default "d" }}',
    ],
    [
      'coalesce',
      'coalesce A B ...',
      'The first argument that is not empty.',
      '{{ coalesce .spec.missing "" "first" }}',
    ],
    ['empty', 'empty X', 'Whether X is empty.', '{{ empty .spec.missing }} {{ empty .spec.name }}'],
    [
      'ternary',
      'ternary COND A B · COND | ternary A B',
      'A when COND is true, else B.',
      '{{ ternary .spec.suspend "Suspended" "Active" }}',
    ],
    [
      'get',
      'get OBJ KEY ...',
      'Nil-safe path into maps (numeric keys index lists); nothing when a step is missing.',
      '{{ get .children.deployment "status" "readyReplicas" }}',
    ],
  ],
  Strings: [
    ['upper', 'upper S', 'Upper case.', '{{ upper "web" }}'],
    ['lower', 'lower S', 'Lower case.', '{{ lower "WEB" }}'],
    ['title', 'title S', 'First letter of each word in upper case.', '{{ title "hello world" }}'],
    ['trim', 'trim S', 'Removes leading and trailing white space.', '{{ trim "  x  " }}'],
    ['trimPrefix', 'trimPrefix PREFIX S', 'S without PREFIX.', '{{ trimPrefix "v" "v1.2" }}'],
    ['trimSuffix', 'trimSuffix SUFFIX S', 'S without SUFFIX.', '{{ trimSuffix ".yaml" "a.yaml" }}'],
    ['hasPrefix', 'hasPrefix PREFIX S', 'Whether S starts with PREFIX.', '{{ hasPrefix "v" "v1" }}'],
    ['hasSuffix', 'hasSuffix SUFFIX S', 'Whether S ends with SUFFIX.', '{{ hasSuffix "-db" "app-db" }}'],
    ['replace', 'replace OLD NEW S', 'Replaces every OLD in S by NEW.', '{{ replace "." "-" "a.b.c" }}'],
    ['split', 'split SEP S', 'The list of parts of S between SEP.', '{{ split "," "a,b" }}'],
    [
      'join',
      'join SEP LIST',
      'Joins the items of LIST (nil items skipped).',
      '{{ join "," (list "a" "b") }}',
    ],
    ['repeat', 'repeat N S', 'S repeated N times (at most 1 Mi characters).', '{{ repeat 3 "ab" }}'],
    [
      'quote',
      'quote S ...',
      'Each argument double-quoted, Go style, separated by spaces.',
      '{{ quote "a b" }}',
    ],
    ['squote', 'squote S ...', 'Each argument single-quoted.', '{{ squote "a" }}'],
    ['nospace', 'nospace S', 'S without white space.', '{{ nospace "a b c" }}'],
    [
      'trunc',
      'trunc N S',
      'The first N characters (the last -N when N is negative).',
      '{{ trunc 3 "abcdef" }}',
    ],
    [
      'abbrev',
      'abbrev WIDTH S',
      'S cut to WIDTH characters ending in "..." when longer.',
      '{{ abbrev 6 "abcdefgh" }}',
    ],
    [
      'contains',
      'contains S SUB · S | contains SUB',
      'Whether S contains SUB (the subject comes first).',
      '{{ contains "operator" "rat" }}',
    ],
  ],
  'Conversion and data': [
    ['toString', 'toString X', 'X as text (nil is "").', '{{ toString 42 }}'],
    [
      'toInt',
      'toInt X',
      'X as an integer (numeric strings parsed, fractions cut, else 0).',
      '{{ toInt "42" }}',
    ],
    ['toFloat', 'toFloat X', 'X as a float.', '{{ toFloat "2.5" }}'],
    ['toBool', 'toBool X', 'true for true, "true", "1", "t" and non-zero numbers.', '{{ toBool "true" }}'],
    [
      'toJson',
      'toJson X',
      "Compact JSON with sorted keys (Go's encoding).",
      '{{ toJson (dict "b" 1 "a" 2) }}',
    ],
    [
      'fromJson',
      'fromJson S',
      'Parses JSON text; an error when it is not JSON.',
      '{{ (fromJson "{\\"a\\": 1}").a }}',
    ],
    ['toYaml', 'toYaml X', 'YAML with sorted keys, no trailing newline.', '{{ toYaml (dict "a" 1) }}'],
    ['b64enc', 'b64enc S', 'Base64 of the UTF-8 bytes.', '{{ b64enc "hello" }}'],
    ['b64dec', 'b64dec S', 'Decodes base64; an error when it is not base64.', '{{ b64dec "aGVsbG8=" }}'],
    ['sha256sum', 'sha256sum S', 'SHA-256 of S as 64 hex digits.', '{{ sha256sum "abc" }}'],
    ['list', 'list A B ...', 'A list of the arguments.', '{{ list 1 "a" }}'],
    ['dict', 'dict K1 V1 K2 V2 ...', 'A map of the pairs (a missing last value is "").', '{{ dict "a" 1 }}'],
    ['keys', 'keys MAP ...', 'The sorted keys.', '{{ keys (dict "b" 1 "a" 2) }}'],
    ['values', 'values MAP', 'The values in key order.', '{{ values (dict "b" 1 "a" 2) }}'],
    ['hasKey', 'hasKey MAP KEY', 'Whether MAP has KEY.', '{{ hasKey (dict "a" 1) "a" }}'],
    [
      'pluck',
      'pluck KEY MAP ...',
      'The values of KEY in the maps that have it.',
      '{{ pluck "a" (dict "a" 1) (dict "a" 2) }}',
    ],
    [
      'merge',
      'merge DST SRC ...',
      'A new map: DST deep-merged with each SRC; existing values win.',
      '{{ merge (dict "a" 1) (dict "a" 2 "b" 3) }}',
    ],
  ],
  Math: [
    ['add', 'add A B ...', 'Sum; a float when any argument is a float.', '{{ add 1 2 }} {{ add 1.5 1 }}'],
    ['sub', 'sub A B', 'Difference.', '{{ sub 5 7 }}'],
    ['mul', 'mul A B ...', 'Product.', '{{ mul 2 3 }}'],
    [
      'div',
      'div A B',
      'Quotient (integer division for integers); division by zero is an error.',
      '{{ div 7 2 }} {{ div 7.0 2 }}',
    ],
    ['mod', 'mod A B', 'Remainder; by zero is an error.', '{{ mod 7 3 }}'],
    ['min', 'min A B ...', 'Smallest argument.', '{{ min 3 1 2 }}'],
    ['max', 'max A B ...', 'Largest argument.', '{{ max 3 1 2 }}'],
  ],
  'Random and ids': [
    [
      'randomAlphanumeric',
      'randomAlphanumeric N',
      'N random letters and digits (N ≤ 4096).',
      '{{ len (randomAlphanumeric 32) }}',
    ],
    ['randomHex', 'randomHex N', 'N random hex digits.', '{{ len (randomHex 16) }}'],
    ['uuidv4', 'uuidv4', 'A random version 4 UUID.', '{{ len uuidv4 }}'],
  ],
  'Time and cron': [
    ['now', 'now', 'The current time, RFC 3339 in UTC.', '{{ now }}'],
    [
      'date',
      'date LAYOUT [TIME]',
      'TIME (RFC 3339 text, Unix seconds, or now) formatted with a Go layout.',
      '{{ date "2006-01-02" now }}',
    ],
    [
      'timeAgo',
      'timeAgo TIME',
      'Time elapsed since TIME as a Go duration.',
      '{{ timeAgo "2026-01-02T01:00:00Z" }}',
    ],
    [
      'durationSeconds',
      'durationSeconds D',
      'A Go duration ("1h30m") in seconds.',
      '{{ durationSeconds "1h30m" }}',
    ],
    [
      'nextCron',
      'nextCron EXPR [FROM]',
      'The next run of a cron expression after FROM (default now).',
      '{{ nextCron "0 9 * * MON" }}',
    ],
    [
      'cronNormalize',
      'cronNormalize EXPR',
      'Canonical five-field form: macros expanded, names as numbers.',
      '{{ cronNormalize "@daily" }}',
    ],
    [
      'cronValid',
      'cronValid EXPR',
      'Whether EXPR is a valid cron expression.',
      '{{ cronValid "61 * * * *" }}',
    ],
    ['cronToMap', 'cronToMap EXPR', 'The fields as a map.', '{{ cronToMap "5 4 * * sun" }}'],
    [
      'cronFromMap',
      'cronFromMap MAP',
      'An expression from a map of fields (missing fields are *).',
      '{{ cronFromMap (dict "minute" "0" "hour" "6") }}',
    ],
    ['cronFromAny', 'cronFromAny X', 'An expression from text or a map.', '{{ cronFromAny "@hourly" }}'],
  ],
  'Kubernetes objects': [
    ['name', 'name OBJ', 'metadata.name.', '{{ name .children.deployment }}'],
    ['namespace', 'namespace OBJ', 'metadata.namespace.', '{{ namespace .children.deployment }}'],
    [
      'labels',
      'labels OBJ',
      'metadata.labels (an empty map when absent).',
      '{{ labels .children.deployment }}',
    ],
    [
      'annotations',
      'annotations OBJ',
      'metadata.annotations (an empty map when absent).',
      '{{ annotations .children.deployment }}',
    ],
    ['phase', 'phase OBJ', 'status.phase.', '{{ phase .children.deployment }}'],
    [
      'hasCondition',
      'hasCondition OBJ TYPE [STATUS]',
      'Whether status.conditions has TYPE with STATUS (default "True").',
      '{{ hasCondition .children.deployment "Available" }}',
    ],
    [
      'conditionReason',
      'conditionReason OBJ TYPE',
      'The reason of condition TYPE.',
      '{{ conditionReason .children.deployment "Available" }}',
    ],
    [
      'isSynced',
      'isSynced OBJ',
      'Whether status.observedGeneration has caught up with metadata.generation.',
      '{{ isSynced .children.deployment }}',
    ],
    [
      'readyReplicas',
      'readyReplicas OBJ',
      'status.readyReplicas (0 when absent).',
      '{{ readyReplicas .children.deployment }}',
    ],
    [
      'desiredReplicas',
      'desiredReplicas OBJ',
      'spec.replicas (1 when absent).',
      '{{ desiredReplicas .children.deployment }}',
    ],
    [
      'allReplicasReady',
      'allReplicasReady OBJ',
      'Whether ready replicas reach the desired count.',
      '{{ allReplicasReady .children.deployment }}',
    ],
    ['jobSucceeded', 'jobSucceeded JOB', 'Whether the Job succeeded.', '{{ jobSucceeded .children.job }}'],
    ['jobFailed', 'jobFailed JOB', 'Whether the Job failed.', '{{ jobFailed .children.job }}'],
    ['jobActive', 'jobActive JOB', 'Whether the Job has active pods.', '{{ jobActive .children.job }}'],
  ],
  'Semantic versions': [
    [
      'semverCompare',
      'semverCompare CONSTRAINT VERSION',
      'Whether VERSION satisfies CONSTRAINT (>=, <, ~, ^, x, `,` and `||`).',
      '{{ semverCompare ">=1.2.0, <2.0.0" "1.5.3" }}',
    ],
    ['semverMajor', 'semverMajor VERSION', 'The major number.', '{{ semverMajor "v3.4.5" }}'],
    ['semverMinor', 'semverMinor VERSION', 'The minor number.', '{{ semverMinor "3.4.5" }}'],
    ['semverPatch', 'semverPatch VERSION', 'The patch number.', '{{ semverPatch "3.4.5" }}'],
  ],
};

/** Every documented function, in reference order. */
export const FUNCTION_DOCS: readonly FunctionDoc[] = Object.entries(GROUPS).flatMap(([group, rows]) =>
  rows.map(([name, usage, summary, example]) => ({ name, group, usage, summary, example })),
);
