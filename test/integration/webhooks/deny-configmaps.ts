/**
 * A webhook feature made for the tests of the listener and its certificates: it denies ConfigMaps
 * named `denied-…` created in one namespace (its configuration is scoped to it, so tests running at
 * the same time never meet it) and allows every other.
 */
import type { WebhookFeature } from '../../../src/webhooks/index.ts';

/** The feature; `registered: false` serves the route without registering it. */
export function denyConfigMaps(namespace: string, options: { registered?: boolean } = {}): WebhookFeature {
  const name = `orkestra-test-${namespace}`;
  return {
    name: 'test',
    routes: new Map([
      [
        '/validate/test',
        {
          review: 'admission',
          handle: (request) =>
            request.name?.startsWith('denied-') === true
              ? { allowed: false, status: { code: 403, message: `no ${request.name} here` } }
              : { allowed: true },
        },
      ],
    ]),
    registrations: ({ clientConfig, caBundle }) =>
      options.registered === false
        ? []
        : [
            {
              apiVersion: 'admissionregistration.k8s.io/v1',
              kind: 'ValidatingWebhookConfiguration',
              metadata: { name },
              webhooks: [
                {
                  name: 'test.orkestra.orkspace.io',
                  clientConfig: { ...clientConfig('/validate/test'), caBundle },
                  rules: [
                    {
                      apiGroups: [''],
                      apiVersions: ['v1'],
                      operations: ['CREATE'],
                      resources: ['configmaps'],
                    },
                  ],
                  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
                  failurePolicy: 'Fail',
                  sideEffects: 'None',
                  admissionReviewVersions: ['v1'],
                  timeoutSeconds: 5,
                },
              ],
            },
          ],
  };
}
