/**
 * A webhook feature — admission, conversion, a protection — as the runtime sees it: the routes it
 * serves, and the objects that make the API server call them.
 */
import type { KubeClient, KubeObject } from '../kube/index.ts';
import type { RuntimeMetrics } from '../observability/index.ts';
import type { Plan, SecurityPlan } from '../plan/index.ts';
import type { ClientConfig, WebhookEndpoint } from './endpoint.ts';
import type { WebhookRoute } from './reviews.ts';

/** How a feature registers: the clientConfig of a path, and the CA bundle (base64 PEM) to trust. */
export interface RegistrationContext {
  readonly clientConfig: (path: string) => ClientConfig;
  readonly caBundle: string;
}

/** One feature of the webhook listener. */
export interface WebhookFeature {
  /** Shown in logs. */
  readonly name: string;
  /** Path → route, e.g. `/validate/websites`. */
  readonly routes: ReadonlyMap<string, WebhookRoute>;
  /**
   * The objects to apply so the API server calls the routes: webhook configurations, or a CRD's
   * `spec.conversion` alone (applied under the webhooks' own field manager).
   */
  registrations(context: RegistrationContext): readonly KubeObject[];
  /**
   * Checks the cluster before the registrations are applied (e.g. a CRD's versions); a throw is
   * reported and the registration retried, so a fix in the cluster is picked up.
   */
  verify?(client: KubeClient): Promise<void>;
}

/** What the features are built from. */
export interface FeatureInput {
  readonly katalogName: string;
  /** The enabled Plans. */
  readonly plans: readonly Plan[];
  readonly security: SecurityPlan;
  /** Where the features count their reviews. @default none */
  readonly metrics?: RuntimeMetrics | undefined;
  /** Where the API server reaches the runtime (in a pod, its own Service is protected). */
  readonly endpoint?: WebhookEndpoint | undefined;
}
