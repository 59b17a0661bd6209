/**
 * The admission feature (spec §9.4): with `security.webhooks.admission.enabled` (or
 * `ENABLE_ADMISSION_WEBHOOK=true`), a `/mutate/<crd>` route for every enabled CRD with mutation
 * rules and a `/validate/<crd>` route for every one with validation rules, the webhook configurations
 * that point the API server at them, and a count and a latency per review.
 */
import type { RuntimeMetrics } from '../../observability/index.ts';
import type { Plan } from '../../plan/index.ts';
import { admissionScopeFor, type AdmissionScope } from '../../runtime/index.ts';
import type { FeatureInput, WebhookFeature } from '../feature.ts';
import type { AdmissionRequest, WebhookRoute } from '../reviews.ts';
import {
  reviewMutation,
  reviewValidation,
  validatesInMutation,
  type CrdAdmission,
  type Reviewed,
} from './handlers.ts';
import { admissionConfigurations, admissionPath, type AdmissionWebhook } from './registrations.ts';

/** Whether the CRD needs the mutating webhook: mutation rules, or validation that must precede them. */
function mutates(plan: Plan): boolean {
  return (plan.mutation?.rules.length ?? 0) > 0;
}

/** Whether the CRD needs the validating webhook: validation rules run after the mutation (or alone). */
function validates(plan: Plan): boolean {
  return plan.validation.length > 0 && !validatesInMutation(plan);
}

/** What admission is built from: the features' input, as far as it reads it. */
export type AdmissionInput = Pick<FeatureInput, 'katalogName' | 'plans' | 'security' | 'metrics'>;

/** The admission feature, or undefined when admission is off or no CRD has a rule. */
export function admissionFeature(input: AdmissionInput): WebhookFeature | undefined {
  const { admission } = input.security.webhooks;
  if (!admission.enabled) return undefined;
  const mutate = input.plans.filter((p) => p.enabled && mutates(p));
  const validate = input.plans.filter((p) => p.enabled && validates(p));
  if (mutate.length === 0 && validate.length === 0) return undefined;
  const routes = new Map<string, WebhookRoute>();
  for (const plan of new Set([...mutate, ...validate])) {
    const crd: CrdAdmission = { plan, scope: once(() => admissionScopeFor(plan)) };
    const route = (webhook: AdmissionWebhook, review: typeof reviewMutation): void => {
      routes.set(admissionPath(webhook, plan), {
        review: 'admission',
        handle: measured({ crd: plan.key, webhook }, (request) => review(crd, request), input.metrics),
      });
    };
    if (mutate.includes(plan)) route('mutate', reviewMutation);
    if (validate.includes(plan)) route('validate', reviewValidation);
  }
  const registration = {
    katalogName: input.katalogName,
    failurePolicy: admission.failurePolicy,
    mutate,
    validate,
  };
  return {
    name: 'admission',
    routes,
    registrations: (context) => admissionConfigurations(registration, context),
  };
}

/** A handler that counts its results and times itself. */
function measured(
  labels: { crd: string; webhook: AdmissionWebhook },
  review: (request: AdmissionRequest) => Promise<Reviewed>,
  metrics: RuntimeMetrics | undefined,
): WebhookRoute['handle'] & ((request: AdmissionRequest) => Promise<Reviewed['decision']>) {
  return async (request: AdmissionRequest) => {
    const started = performance.now();
    const { decision, result } = await review(request);
    metrics?.admissionRequests.inc({ ...labels, result });
    metrics?.admissionDuration.observe(labels, (performance.now() - started) / 1000);
    return decision;
  };
}

/** The first call's promise, shared by every later call (a failed load is tried again). */
function once(load: () => Promise<AdmissionScope>): () => Promise<AdmissionScope> {
  let loading: Promise<AdmissionScope> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
