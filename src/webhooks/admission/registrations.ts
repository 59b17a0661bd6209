/**
 * The webhook configurations of admission: one MutatingWebhookConfiguration and one
 * ValidatingWebhookConfiguration per Katalog (`orkestra-<katalog>-mutate`, `-validate`), one webhook
 * per CRD, scoped to exactly that CRD's resource (never its status), CREATE and UPDATE only (DELETE
 * is never sent), and to the namespaces and labels the CRD's operator watches.
 */
import type { KubeObject } from '../../kube/index.ts';
import type { Plan } from '../../plan/index.ts';
import { watchedNamespaces } from '../../runtime/index.ts';
import type { RegistrationContext } from '../feature.ts';

/** Which webhook of a CRD. */
export type AdmissionWebhook = 'mutate' | 'validate';

/** The path the API server posts a CRD's reviews to. */
export function admissionPath(webhook: AdmissionWebhook, plan: Pick<Plan, 'key'>): string {
  return `/${webhook}/${plan.key}`;
}

/** The name of the Katalog's configuration of one kind of webhook. */
export function configurationName(katalogName: string, webhook: AdmissionWebhook): string {
  return `orkestra-${katalogName}-${webhook}`;
}

/** What the configurations are made of. */
export interface AdmissionRegistration {
  readonly katalogName: string;
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** The CRDs with a `/mutate` route, and those with a `/validate` route. */
  readonly mutate: readonly Plan[];
  readonly validate: readonly Plan[];
}

/**
 * The API server waits this long for an answer before applying the failurePolicy. Rules run in
 * microseconds; the margin is for a busy process.
 */
const TIMEOUT_SECONDS = 5;

/** The same key of two objects is absent from both, or equal. */
const same = (path: string) =>
  `(has(object.${path}) == has(oldObject.${path}) && (!has(object.${path}) || object.${path} == oldObject.${path}))`;

/**
 * The API server calls the webhooks only for what the handlers judge (handlers.ts skips the rest too):
 * a CREATE, or an UPDATE of a CR not being deleted that changes its content — every top-level field
 * but metadata and status, and its labels and annotations. The operator's own bookkeeping updates
 * (finalizers, status) then never wait for a webhook call, and still go through while the webhook
 * cannot be reached under failurePolicy Fail: a CR's finalizer comes off during an outage.
 */
const CONTENT_CHANGED = [
  {
    name: 'content-changed',
    expression: [
      "request.operation != 'UPDATE' || (!has(object.metadata.deletionTimestamp) && !(",
      "object.all(k, k == 'metadata' || k == 'status' || (k in oldObject && object[k] == oldObject[k])) &&",
      "oldObject.all(k, k == 'metadata' || k == 'status' || k in object) &&",
      `${same('metadata.labels')} && ${same('metadata.annotations')}))`,
    ].join(' '),
  },
];

/** The configurations (only those with a webhook). */
export function admissionConfigurations(
  registration: AdmissionRegistration,
  context: RegistrationContext,
): KubeObject[] {
  const kinds = [
    ['mutate', 'MutatingWebhookConfiguration', registration.mutate],
    ['validate', 'ValidatingWebhookConfiguration', registration.validate],
  ] as const;
  return kinds
    .filter(([, , plans]) => plans.length > 0)
    .map(([webhook, kind, plans]) => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind,
      metadata: {
        name: configurationName(registration.katalogName, webhook),
        labels: { 'app.kubernetes.io/managed-by': 'orkestra' },
      },
      webhooks: plans.map((plan) =>
        webhookOf(plan, webhook, { ...context, failurePolicy: registration.failurePolicy }),
      ),
    }));
}

function webhookOf(
  plan: Plan,
  webhook: AdmissionWebhook,
  context: RegistrationContext & { failurePolicy: 'Fail' | 'Ignore' },
): Record<string, unknown> {
  const { failurePolicy } = context;
  return {
    name: `${plan.plural}.${plan.gvk.group}`,
    clientConfig: { ...context.clientConfig(admissionPath(webhook, plan)), caBundle: context.caBundle },
    rules: [
      {
        apiGroups: [plan.gvk.group],
        apiVersions: ['*'],
        resources: [plan.plural],
        operations: ['CREATE', 'UPDATE'],
        scope: plan.scope,
      },
    ],
    ...selectorsOf(plan),
    matchConditions: CONTENT_CHANGED,
    failurePolicy,
    matchPolicy: 'Equivalent',
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    timeoutSeconds: TIMEOUT_SECONDS,
    ...(webhook === 'mutate' ? { reinvocationPolicy: 'Never' } : {}),
  };
}

/** The namespaces and labels the CRD's operator watches: CRs outside them are none of its business. */
function selectorsOf(plan: Plan): Record<string, unknown> {
  const namespaces = watchedNamespaces(plan) ?? [];
  const labels = plan.labelSelector ?? {};
  return {
    ...(namespaces.length === 0
      ? {}
      : {
          namespaceSelector: {
            matchExpressions: [
              { key: 'kubernetes.io/metadata.name', operator: 'In', values: [...namespaces] },
            ],
          },
        }),
    ...(Object.keys(labels).length === 0 ? {} : { objectSelector: { matchLabels: { ...labels } } }),
  };
}
