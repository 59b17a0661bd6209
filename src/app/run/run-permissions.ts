/**
 * The permissions a run needs, for the start-up check: the one place the generator of `src/bundle`
 * (`requiredPermissions`) is wired into `ork run`.
 */
import {
  requiredPermissions,
  UnknownKindError,
  withReasons,
  type PermissionInput,
  type Permissions,
  type PolicyRule,
} from '../../bundle/index.ts';
import type { KubeClient } from '../../kube/index.ts';
import type { Logger } from '../../observability/index.ts';
import { leaseNamespace } from './leader-election.ts';
import { verifyPermissions } from './permission-check.ts';
import { effectiveSecurity } from './run-webhooks.ts';
import type { RunInput } from './run-input.ts';

/**
 * The permissions the run needs: what the caller gives (tests), else what the bundle's generator
 * derives from the Plans — the same rules `ork generate bundle` grants — plus, with `--dev`, what
 * installing the CRDs and applying the example CRs takes. Undefined when a child kind cannot be known
 * offline (a templated kind): the run then checks nothing rather than guess.
 */
export function runPermissions(
  input: PermissionInput,
  given: Permissions | undefined,
  options: { dev: boolean; logger: Logger },
): Permissions | undefined {
  if (given !== undefined) return given;
  try {
    const required = requiredPermissions(input);
    return options.dev ? { ...required, cluster: [...required.cluster, ...devRules(input)] } : required;
  } catch (error) {
    if (!(error instanceof UnknownKindError)) throw error;
    options.logger.warn('permission check skipped: a child kind is known only at run time', {
      error: error.message,
    });
    return undefined;
  }
}

/** `--dev` applies each entry's crdFile (server-side apply) and its crFiles. */
function devRules(input: PermissionInput): PolicyRule[] {
  const crds = withReasons(
    {
      apiGroups: ['apiextensions.k8s.io'],
      resources: ['customresourcedefinitions'],
      verbs: ['get', 'create', 'patch'],
    },
    [{ text: '--dev installs the CRDs' }],
  );
  const crs = input.plans
    .filter((plan) => plan.enabled)
    .map((plan) =>
      withReasons({ apiGroups: [plan.gvk.group], resources: [plan.plural], verbs: ['create', 'patch'] }, [
        { crd: plan.key, text: `--dev applies the crFiles of crd ${plan.key}` },
      ]),
    );
  return [crds, ...crs];
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
  dev?: boolean | undefined;
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
  const required = runPermissions(needs, settings.requiredPermissions, {
    dev: settings.dev === true,
    logger: run.logger,
  });
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
