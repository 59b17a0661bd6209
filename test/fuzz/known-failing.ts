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

export const KNOWN_FAILING: Readonly<Record<string, KnownFailure>> = {};

/** The known failure of a case, if it is listed. */
export function knownFailure(id: string): KnownFailure | undefined {
  return Object.hasOwn(KNOWN_FAILING, id) ? KNOWN_FAILING[id] : undefined;
}
