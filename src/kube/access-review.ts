/**
 * Asking the API server what the client's own identity may do: SelfSubjectAccessReview (one
 * question: may I `verb` this resource here?) and SelfSubjectRulesReview (every rule that applies
 * in one namespace). Both are creates of a cluster-scoped review object the server answers and
 * does not store.
 */
import type { KubeClient } from './client.ts';
import type { GroupVersionResource, KubeObject } from './types.ts';

const ACCESS_REVIEWS: GroupVersionResource = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'selfsubjectaccessreviews',
  namespaced: false,
};

const RULES_REVIEWS: GroupVersionResource = { ...ACCESS_REVIEWS, resource: 'selfsubjectrulesreviews' };

/** One access question, as a SelfSubjectAccessReview's `resourceAttributes`. */
export interface AccessAttributes {
  verb: string;
  /** '' for the core group. */
  group: string;
  /** The plural resource, without its subresource. */
  resource: string;
  subresource?: string;
  /** Absent or '': cluster-wide (every namespace, or a cluster-scoped resource). */
  namespace?: string;
  name?: string;
}

/** The answer to one access question. */
export interface AccessAnswer {
  allowed: boolean;
  /** Why, when the authorizer says (e.g. the RBAC binding that allowed it). */
  reason?: string;
}

/** One rule of a SelfSubjectRulesReview, as the API server words it. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** The rules that apply to the caller in one namespace. */
export interface RulesAnswer {
  resourceRules: ResourceRule[];
  /**
   * True when an authorizer could not list its rules (a webhook authorizer, for one): a rule
   * missing here may still be granted, so only a positive answer is conclusive.
   */
  incomplete: boolean;
}

/** A review as sent and as answered (the answer fills `status`). */
interface Review<Spec, Status> extends KubeObject {
  spec: Spec;
  status?: Status;
}

/** Asks whether the client's identity may do what `attributes` say. */
export async function reviewAccess(
  client: KubeClient,
  attributes: AccessAttributes,
  signal?: AbortSignal,
): Promise<AccessAnswer> {
  const review: Review<{ resourceAttributes: AccessAttributes }, { allowed?: boolean; reason?: string }> = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: attributes },
  };
  const answer = await client.create(ACCESS_REVIEWS, review, signal === undefined ? {} : { signal });
  const { allowed, reason } = answer.status ?? {};
  return { allowed: allowed === true, ...(reason ? { reason } : {}) };
}

/** Lists the rules that apply to the client's identity in `namespace`. */
export async function reviewRules(
  client: KubeClient,
  namespace: string,
  signal?: AbortSignal,
): Promise<RulesAnswer> {
  const review: Review<{ namespace: string }, { resourceRules?: ResourceRule[]; incomplete?: boolean }> = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    spec: { namespace },
  };
  const answer = await client.create(RULES_REVIEWS, review, signal === undefined ? {} : { signal });
  return {
    resourceRules: answer.status?.resourceRules ?? [],
    incomplete: answer.status?.incomplete === true,
  };
}
