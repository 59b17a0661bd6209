/**
 * The permissions a run needs, for the start-up check: the one place the generator of `src/bundle`
 * (`requiredPermissions`) is wired into `ork run`.
 */
import type { PermissionInput, Permissions } from '../../bundle/index.ts';
import type { KubeClient } from '../../kube/index.ts';
import type { Logger } from '../../observability/index.ts';
import { leaseNamespace } from './leader-election.ts';
import { verifyPermissions } from './permission-check.ts';
import { effectiveSecurity } from './run-webhooks.ts';
import type { RunInput } from './run-input.ts';

/**
 * The permissions the run needs.
 *
 * WIRING POINT: once `requiredPermissions` of src/bundle is merged this returns
 * `given ?? requiredPermissions(input)`. Until then it returns what the caller gives (`RunSettings
 * .requiredPermissions`, which tests spell out by hand); a run given none checks nothing.
 */
export function runPermissions(
  _input: PermissionInput,
  given: Permissions | undefined,
): Permissions | undefined {
  return given;
}

/** What the permissions of a run depend on: its Plans, leader election and webhooks, and its namespace. */
export function permissionInputOf(
  input: Pick<RunInput, 'plans' | 'security'>,
  run: { leaderElection: boolean; env: Record<string, string | undefined>; namespace: string },
): PermissionInput {
  const security = effectiveSecurity(input.security, run.env);
  return {
    plans: input.plans,
    leaderElection: run.leaderElection,
    webhooks: {
      admission: security.webhooks.admission.enabled,
      conversion: security.webhooks.conversion.enabled,
      protection: security.deletionProtection.enabled || security.namespaceProtection.enabled,
    },
    namespace: run.namespace,
  };
}

/** What the check reads of the run's settings (RunSettings). */
interface PermissionSettings {
  env: Record<string, string | undefined>;
  kubeconfig?: string | undefined;
  namespace?: string | undefined;
  leaderElection?: unknown;
  allowMissingPermissions?: boolean | undefined;
  requiredPermissions?: Permissions | undefined;
}

/**
 * Runs the start-up check when the run knows what it needs: by CRD key, the missing permissions that
 * degrade each box (none when nothing is missing or nothing is known).
 * @throws MissingPermissionsError when one is missing and the settings do not allow it (or the error
 *   of a review the API server did not answer), having closed the client.
 */
export async function permissionProblems(
  input: Pick<RunInput, 'plans' | 'security'>,
  run: {
    settings: PermissionSettings;
    client: KubeClient;
    configNamespace: string;
    logger: Logger;
    signal: AbortSignal;
  },
): Promise<Map<string, string[]>> {
  const { settings } = run;
  const namespace = leaseNamespace({
    env: settings.env,
    kubeconfig: settings.kubeconfig,
    namespace: settings.namespace,
    configNamespace: run.configNamespace,
  });
  const leaderElection = settings.leaderElection !== undefined;
  const needs = permissionInputOf(input, { leaderElection, env: settings.env, namespace });
  const required = runPermissions(needs, settings.requiredPermissions);
  if (required === undefined) return new Map();
  try {
    return await verifyPermissions(run.client, required, {
      allowMissing: settings.allowMissingPermissions === true,
      crdKeys: input.plans.filter((plan) => plan.enabled).map((plan) => plan.key),
      logger: run.logger,
      signal: run.signal,
    });
  } catch (error) {
    await run.client.transport.close(); // nothing starts: its connection would keep the process alive
    throw error;
  }
}
