/**
 * The conversion webhook (spec §9.5): with `security.webhooks.conversion.enabled`, every CRD entry that
 * declares `conversion` gets a route `/convert/<crd key>` answering ConversionReview v1, and its CRD's
 * `spec.conversion` is set to strategy Webhook pointing at that route. Each object converted is counted
 * and timed per CRD, source and target version.
 *
 * On a clean stop the CRD keeps strategy Webhook: objects stored at one version and read at another
 * need the webhook, and falling back to strategy None would hand clients objects with only their
 * apiVersion rewritten, their fields unconverted. A runtime that is down fails those reads until it is
 * back, which is what the user asked for by declaring conversion paths.
 */
import type { KubeClient, KubeObject } from '../../kube/index.ts';
import type { RuntimeMetrics } from '../../observability/index.ts';
import type { Plan } from '../../plan/index.ts';
import { createTemplateRenderer, type RenderFn } from '../../resources/index.ts';
import { createFunctionCatalog, createNoteFunctions, loadYamlLibrary } from '../../template/index.ts';
import type { FeatureInput, RegistrationContext, WebhookFeature } from '../feature.ts';
import type { ConversionHandler, ConversionRequest, WebhookRoute } from '../reviews.ts';
import { ConversionChains } from './chains.ts';
import { ConversionError, convertObject, versionOf } from './convert.ts';
import { checkLiveCrd, crdResourceName } from './live-crd.ts';

/** What conversion is built from: the features' input, as far as it reads it. */
export type ConversionInput = Pick<FeatureInput, 'plans' | 'security' | 'metrics'>;

/** The conversion of one CRD: its Plan's paths as chains, and the renderer of its templates. */
interface CrdConversion {
  readonly plan: Plan;
  readonly conversion: NonNullable<Plan['conversion']>;
  readonly chains: ConversionChains;
  readonly render: () => RenderFn;
}

/** The functions a conversion template can call: the catalog and the Katalog's notes. */
function rendererOf(plan: Plan): () => RenderFn {
  const base = createFunctionCatalog({ clock: () => new Date() });
  const notes = Object.fromEntries(
    Object.entries(plan.notes).map(([name, expression]) => [name, { expression }]),
  );
  const renderer = createTemplateRenderer({
    funcs: { ...base, ...createNoteFunctions(notes, base) },
    limits: plan.templateLimits,
    templates: plan.templates,
  });
  return renderer.forPass;
}

/** The route path of a CRD's conversion. */
export function conversionPath(plan: Pick<Plan, 'key'>): string {
  return `/convert/${plan.key}`;
}

/** The handler of one CRD: every object converted, or the review failed with the first error. */
export function conversionHandler(crd: CrdConversion, metrics?: RuntimeMetrics): ConversionHandler {
  let libraries: Promise<void> | undefined;
  return async (request: ConversionRequest) => {
    if (crd.plan.callsToYaml) await (libraries ??= loadYamlLibrary());
    const render = crd.render();
    const to = versionOf(request.desiredAPIVersion);
    const convertedObjects: KubeObject[] = [];
    for (const object of request.objects) {
      const labels = { crd: crd.plan.key, from: versionOf(object.apiVersion ?? ''), to };
      const started = performance.now();
      try {
        convertedObjects.push(
          convertObject(object, request.desiredAPIVersion, { chains: crd.chains, render }),
        );
      } catch (error) {
        metrics?.conversionRequests.inc({ ...labels, result: 'failure' });
        if (error instanceof ConversionError)
          return { ok: false, message: `${crd.plan.key}: ${error.message}` };
        throw error;
      }
      metrics?.conversionDuration.observe(labels, (performance.now() - started) / 1000);
      metrics?.conversionRequests.inc({ ...labels, result: 'success' });
    }
    return { ok: true, convertedObjects };
  };
}

/** The partial CRD that sends the CRD's conversions to its route: `spec.conversion` alone. */
function conversionRegistration(plan: Plan, context: RegistrationContext): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: crdResourceName(plan) },
    spec: {
      conversion: {
        strategy: 'Webhook',
        webhook: {
          clientConfig: { ...context.clientConfig(conversionPath(plan)), caBundle: context.caBundle },
          conversionReviewVersions: ['v1'],
        },
      },
    },
  };
}

function crdConversionOf(plan: Plan): CrdConversion | undefined {
  if (plan.conversion === undefined) return undefined;
  return {
    plan,
    conversion: plan.conversion,
    chains: new ConversionChains(plan.conversion.paths),
    render: rendererOf(plan),
  };
}

/** The conversion feature, or undefined when the conversion webhook is off or no CRD converts. */
export function conversionFeature(input: ConversionInput): WebhookFeature | undefined {
  if (!input.security.webhooks.conversion.enabled) return undefined;
  const crds = input.plans.flatMap((plan) => crdConversionOf(plan) ?? []);
  if (crds.length === 0) return undefined;
  const routes = new Map<string, WebhookRoute>(
    crds.map((crd) => [
      conversionPath(crd.plan),
      { review: 'conversion', handle: conversionHandler(crd, input.metrics) },
    ]),
  );
  return {
    name: 'conversion',
    routes,
    registrations: (context) => crds.map((crd) => conversionRegistration(crd.plan, context)),
    verify: async (client: KubeClient) => {
      for (const crd of crds) await checkLiveCrd(client, crd.plan, crd.conversion);
    },
  };
}
