/**
 * Fuzz cases that fail on main today, each with the work that fixes it. The suite expects these to
 * fail (and fails if one of them passes: take it out of this list then); every other case must
 * pass. Emptying this object is all it takes to hold every case to the acceptance.
 *
 * Owners: `a` template engine budgets, function arity and types, template runtime errors located in
 * the Katalog; `b` RE2 regular expressions and load-time checks of durations, numbers, names, labels
 * and `__proto__`; `c` bounded YAML loading (file types, size, aliases, linear costs, capped
 * diagnostics) and CLI error output without raw library messages.
 * Properties (`property/...`) are random: listed ones report their counterexample without failing.
 */

/** Which work fixes a case. */
export type Owner = 'a' | 'b' | 'c';

/** Why a case fails today. */
export interface KnownFailure {
  readonly owners: readonly Owner[];
  readonly reason: string;
}

export const KNOWN_FAILING: Readonly<Record<string, KnownFailure>> = {
  // --- yaml (c) ---
  'yaml/alias-bomb': {
    owners: ['c'],
    reason: 'yaml\'s "Excessive alias count ..." printed, no file or position',
  },
  'yaml/alias-bomb-in-spec': { owners: ['c'], reason: 'yaml\'s "Excessive alias count ..." printed' },
  'yaml/deep-flow-nesting': {
    owners: ['c'],
    reason: '"maximum call stack size exceeded" printed as a YAML syntax error',
  },
  'yaml/duplicate-keys-20000': { owners: ['c'], reason: 'duplicate-key check is quadratic: past 10 s' },
  'yaml/errors-20000': {
    owners: ['c'],
    reason: 'diagnostic excerpts re-split the file per diagnostic: past 10 s',
  },
  'yaml/big-50mb': { owners: ['c'], reason: 'no size cap: a 50 MB Katalog runs past 10 s' },
  'yaml/fifo': { owners: ['c'], reason: '-k naming a FIFO waits for ever (non-regular file not refused)' },
  'yaml/directory': {
    owners: ['c'],
    reason: 'Node\'s "EISDIR: illegal operation on a directory, read" printed',
  },
  // --- schema (b) ---
  'schema/resync-zero': { owners: ['b'], reason: 'resync: 0s accepted (setInterval would fire every 1 ms)' },
  'schema/resync-30d': {
    owners: ['b'],
    reason: "resync: 30d accepted; beyond setInterval's 24.8-day maximum",
  },
  'schema/resync-25d': {
    owners: ['b'],
    reason: "resync: 600h accepted; beyond setInterval's 24.8-day maximum",
  },
  'schema/resync-huge': { owners: ['b'], reason: 'resync of 1e20 hours accepted' },
  'schema/backoff-huge': {
    owners: ['b'],
    reason: 'retryBackoff.max: 9000h accepted; beyond the timer maximum',
  },
  'schema/workers-nan': { owners: ['b'], reason: 'workers: .nan reported with the word "NaN"' },
  'schema/workers-infinity': { owners: ['b'], reason: 'workers: .inf reported with the word "Infinity"' },
  'schema/label-selector-proto': {
    owners: ['b'],
    reason: 'a __proto__ labelSelector key is dropped silently',
  },
  'schema/label-selector-long-value': {
    owners: ['b'],
    reason: 'a 100,000-character label value accepted (max 63)',
  },
  'schema/namespace-invalid': { owners: ['b'], reason: 'a namespace that is no RFC-1123 label accepted' },
  'schema/crd-key-proto': { owners: ['b'], reason: 'a __proto__ CRD key disappears silently, exit 0' },
  'schema/katalog-name-long': {
    owners: ['b'],
    reason: 'a 100,000-character metadata.name accepted (it becomes a label)',
  },
  'schema/child-label-proto': { owners: ['b'], reason: 'a __proto__ label of a child is dropped silently' },
  'schema/note-proto': { owners: ['b'], reason: 'a note named __proto__ accepted silently' },
  'schema/regex-lookahead': { owners: ['b'], reason: 'lookahead accepted; RE2 (Go) rejects it' },
  'schema/regex-backreference': { owners: ['b'], reason: 'backreference accepted; RE2 (Go) rejects it' },
  'schema/regex-go-inline-flag': { owners: ['b'], reason: '(?i) rejected by JS RegExp; Go accepts it' },
  'schema/regex-huge-repeat': {
    owners: ['b'],
    reason: 'a{1001} accepted; RE2 rejects repeat counts over 1000',
  },
  // --- cr ---
  'cr/name-100k': {
    owners: ['b'],
    reason: 'a 100,000-character metadata.name renders (it is a label value)',
  },
  'cr/when-regex-backtracking': { owners: ['b'], reason: 'when regex ^(a+)+$ backtracks: past 10 s' },
  'cr/validation-regex-backtracking': {
    owners: ['b'],
    reason: 'validation regex ^(a+)+$ backtracks: past 10 s',
  },
  'cr/deep-spec': { owners: ['c'], reason: 'a CR nested 5,000 deep: "Maximum call stack" printed' },
  'cr/alias-bomb': { owners: ['c'], reason: 'yaml\'s "Excessive alias count ..." printed for the CR file' },
  'cr/not-an-object': { owners: ['c'], reason: '"cr.yaml: a document is not an object": no line' },
  'cr/no-matching-entry': {
    owners: ['c'],
    reason: 'a CR matching no entry: error names neither file nor line',
  },
  'cr/yaml-syntax-error': {
    owners: ['c'],
    reason: 'yaml\'s own message with "at line 8, column 1", not cr.yaml:8:1',
  },
  // --- properties (random: reported, not asserted, while listed) ---
  'property/yaml-document': { owners: ['c'], reason: 'alias bombs, deep nesting, errno and yaml messages' },
  'property/yaml-spliced': {
    owners: ['c'],
    reason: 'alias bombs, deep nesting and yaml messages in a Katalog',
  },
  'property/katalog-mutated': {
    owners: ['b'],
    reason: 'durations, numbers, names, labels, __proto__ and regexes accepted or printed raw',
  },
  'property/template': {
    owners: ['a'],
    reason: 'no budgets, no arity checks, errors located as template:1:N',
  },
  'property/cr': {
    owners: ['a', 'b', 'c'],
    reason: 'backtracking regexes (b), forEach fan-outs without budget (a), deep CRs overflow the stack (c)',
  },
};

/** The known failure of a case, if it is listed. */
export function knownFailure(id: string): KnownFailure | undefined {
  return Object.hasOwn(KNOWN_FAILING, id) ? KNOWN_FAILING[id] : undefined;
}
