/**
 * The start-up permission check of `ork run`: before any box starts, the API server is asked whether
 * the runtime's identity has every permission its Katalog needs, so a missing one is named once, with
 * why it is needed, instead of surfacing later as one 403 at a time.
 *
 * Cheap by construction: one SelfSubjectAccessReview for everything first (an identity that may do
 * anything — cluster-admin, the dev cluster's — is done in one request); then one
 * SelfSubjectRulesReview per namespace that has namespaced rules, matched locally (a positive answer
 * is conclusive, even when the review is incomplete); then one SelfSubjectAccessReview per question
 * still open, a bounded number in flight. A negative answer is always the API server's own.
 */
import { reviewAccess, reviewRules, type KubeClient } from '../../kube/index.ts';
import type { Logger } from '../../observability/index.ts';
import type { Permissions } from '../../bundle/index.ts';
import {
  describeMissing,
  missingByBox,
  permissionChecks,
  ruleGrants,
  type PermissionCheck,
} from './permission-checks.ts';

/** Reviews in flight at once: enough to hide the round trips, few enough to be polite to the server. */
const DEFAULT_CONCURRENCY = 8;

/** Everything, everywhere: allowed only to an identity that may do anything. */
const EVERYTHING = { verb: '*', group: '*', resource: '*' };

/** What the check found, and what it cost. */
export interface PermissionCheckResult {
  /** The questions the API server answered no to, in the order of the rules. */
  missing: PermissionCheck[];
  /** Distinct questions. */
  checks: number;
  /** Reviews sent. */
  requests: number;
}

/** `ork run` refuses to start: its identity lacks permissions its Katalog needs. */
export class MissingPermissionsError extends Error {
  override readonly name = 'MissingPermissionsError';
  readonly missing: readonly PermissionCheck[];

  constructor(missing: readonly PermissionCheck[]) {
    const count = missing.length === 1 ? 'a permission' : `${missing.length} permissions`;
    super(
      `the runtime's identity lacks ${count} its Katalog needs; nothing was started ` +
        `(--allow-missing-permissions starts anyway, with the boxes that need them degraded):\n` +
        missing.map((check) => `  ${describeMissing(check)}`).join('\n'),
    );
    this.missing = missing;
  }
}

/** Asks the API server which of `required` the client's identity lacks. */
export async function checkPermissions(
  client: KubeClient,
  required: Permissions,
  options: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<PermissionCheckResult> {
  const { signal } = options;
  const checks = permissionChecks(required);
  if (checks.length === 0) return { missing: [], checks: 0, requests: 0 };
  if ((await reviewAccess(client, EVERYTHING, signal)).allowed) {
    return { missing: [], checks: checks.length, requests: 1 };
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { granted, reviews } = await grantedByRules(client, checks, { concurrency, signal });
  const open = checks.filter((check) => !granted.has(check));
  const answers = await mapBounded(open, concurrency, (c) => reviewAccess(client, c.attributes, signal));
  const missing = open.filter((_, i) => answers[i]?.allowed !== true);
  return { missing, checks: checks.length, requests: 1 + reviews + open.length };
}

/** The namespaced questions a SelfSubjectRulesReview of their namespace answers yes to. */
async function grantedByRules(
  client: KubeClient,
  checks: readonly PermissionCheck[],
  options: { concurrency: number; signal: AbortSignal | undefined },
): Promise<{ granted: Set<PermissionCheck>; reviews: number }> {
  const namespaces = [...new Set(checks.flatMap((c) => c.attributes.namespace ?? []))];
  const reviews = await mapBounded(namespaces, options.concurrency, (ns) =>
    reviewRules(client, ns, options.signal),
  );
  const rulesOf = new Map(namespaces.map((ns, i) => [ns, reviews[i]?.resourceRules ?? []]));
  const granted = new Set<PermissionCheck>();
  for (const check of checks) {
    const { namespace } = check.attributes;
    if (namespace === undefined) continue;
    if (rulesOf.get(namespace)?.some((rule) => ruleGrants(rule, check.attributes))) granted.add(check);
  }
  return { granted, reviews: namespaces.length };
}

/** `work` on every item, at most `limit` at once; the results in the items' order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The check as `ork run` runs it: refuses (throws) when a permission is missing, unless
 * `allowMissing`, which logs each and returns, by CRD key, the missing permissions that degrade
 * each box. Logs what the check cost.
 * @throws MissingPermissionsError when a permission is missing and `allowMissing` is false.
 */
export async function verifyPermissions(
  client: KubeClient,
  required: Permissions,
  options: { allowMissing: boolean; crdKeys: readonly string[]; logger: Logger; signal?: AbortSignal },
): Promise<Map<string, string[]>> {
  const started = performance.now();
  const result = await checkPermissions(client, required, options.signal ? { signal: options.signal } : {});
  const ms = Math.round(performance.now() - started);
  options.logger.debug('permissions checked', { checks: result.checks, requests: result.requests, ms });
  if (result.missing.length === 0) return new Map();
  if (!options.allowMissing) throw new MissingPermissionsError(result.missing);
  for (const check of result.missing)
    options.logger.warn(describeMissing(check), { allowMissingPermissions: true });
  return missingByBox(result.missing, options.crdKeys);
}
