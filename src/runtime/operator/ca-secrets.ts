/**
 * The CA Secrets a box's `tls` Secrets are signed with (`tls.ca.secretName`): one informer per name,
 * selected by that name across namespaces (so it holds those Secrets only), read by the reconcile
 * through the box's cache. A change of one re-enqueues the CRs it may sign for.
 */
import type { GroupVersionResource, KubeObject } from '../../kube/index.ts';
import type { ExternalPlan, Plan } from '../../plan/index.ts';
import {
  keyOf,
  NAMESPACE_INDEX,
  type Informer,
  type InformerLease,
  type SharedInformerFactory,
} from '../informer/index.ts';

const SECRETS: GroupVersionResource = { group: '', version: 'v1', resource: 'secrets', namespaced: true };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The names of the CA Secrets of a plan's `tls` Secrets, in every hook. */
export function caSecretNamesOf(plan: Plan): string[] {
  const names = new Set<string>();
  const { onCreate, onReconcile, onDelete } = plan.hooks;
  for (const hook of [onCreate, onReconcile, onDelete, ...onDelete.groups]) {
    for (const resource of hook.resources) {
      const tls = resource.group === 'secrets' ? resource.fields['tls'] : undefined;
      const name = isRecord(tls) && isRecord(tls['ca']) ? tls['ca']['secretName'] : undefined;
      if (typeof name === 'string') names.add(name);
    }
  }
  return [...names];
}

/** Every external call of a plan: onCreate's, onReconcile's, onDelete's and its ordered groups'. */
export function externalCallsOf(plan: Plan): ExternalPlan[] {
  const { onCreate, onReconcile, onDelete } = plan.hooks;
  return [onCreate, onReconcile, onDelete, ...onDelete.groups].flatMap((hook) => hook.external);
}

/** The names of the Secrets the header values of a plan's external calls are read from. */
export function externalSecretNamesOf(plan: Plan): string[] {
  const headers = externalCallsOf(plan).flatMap((c) => Object.values(c.headers));
  return headers.flatMap((value) => (typeof value === 'string' ? [] : [value.secretKeyRef.name]));
}

/**
 * Acquires the informer of each Secret name `plan` reads (CA Secrets, Secrets of external calls' headers;
 * none for most plans); leases go to `leases`.
 */
export function acquireCaSecretInformers(
  informers: SharedInformerFactory,
  plan: Plan,
  leases: InformerLease[],
): Map<string, Informer> {
  const out = new Map<string, Informer>();
  for (const name of new Set([...caSecretNamesOf(plan), ...externalSecretNamesOf(plan)])) {
    const lease = informers.acquire(SECRETS, { fieldSelector: `metadata.name=${name}` });
    leases.push(lease);
    out.set(name, lease.informer);
  }
  return out;
}

/**
 * The CRs a CA Secret may sign for: those of its namespace (every CR of a cluster-scoped CRD). A tls
 * Secret placed in another namespace than its CR's sees its CA's change at the next resync.
 */
export function crKeysForCaSecret(crs: readonly Informer[], plan: Plan, secret: KubeObject): string[] {
  if (plan.scope === 'Cluster') return crs.flatMap((informer) => informer.store.list().map(keyOf));
  const namespace = secret.metadata?.namespace ?? '';
  return crs.flatMap((informer) => informer.store.byIndex(NAMESPACE_INDEX, namespace));
}
