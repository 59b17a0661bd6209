/** Resource entries for the less common kinds, `custom` (any kind) and `external` HTTP calls. */
import { z } from 'zod';
import { or, when } from './condition.ts';
import {
  INT32_MAX,
  duration,
  intOrTemplateIn,
  portOrName,
  positiveDuration,
  rawObject,
  template,
} from './primitives.ts';
import { labelMap } from './kube-names.ts';

const podCount = z.union([z.int().min(0).max(INT32_MAX), z.string()]);
import { commonShape } from './resources.ts';

/** An Ingress entry: a single host/path shorthand or full `rules`. */
export const Ingress = z
  .strictObject({
    ...commonShape,
    ingressClassName: template.optional().describe('Ingress class. Default: the cluster default.'),
    host: template.optional().describe('Shorthand: host of a single rule. Default: none.'),
    path: template.default('/').describe('Shorthand: path of the single rule.'),
    pathType: z.enum(['Prefix', 'Exact', 'ImplementationSpecific']).default('Prefix').describe('Path match.'),
    serviceName: template.optional().describe('Shorthand: backend Service. Default: the entry’s name.'),
    servicePort: portOrName.optional().describe('Shorthand: backend port. Default: 80.'),
    rules: z.array(rawObject).optional().describe('Ingress rules (Kubernetes form). Default: none.'),
    tls: z.array(rawObject).optional().describe('TLS blocks (Kubernetes form). Default: none.'),
  })
  .meta({ id: 'Ingress' });

/** A PersistentVolumeClaim entry. */
export const PersistentVolumeClaim = z
  .strictObject({
    ...commonShape,
    storage: template.describe('Requested size, e.g. 1Gi.'),
    accessModes: z.array(z.string()).default(['ReadWriteOnce']).describe('Access modes.'),
    storageClassName: template.optional().describe('Storage class. Default: the cluster default.'),
  })
  .meta({ id: 'PersistentVolumeClaim' });

/** A ServiceAccount entry. */
export const ServiceAccount = z
  .strictObject({
    ...commonShape,
    automountServiceAccountToken: z.boolean().optional().describe('Mount the token. Default: Kubernetes’.'),
    imagePullSecrets: z.array(z.string()).optional().describe('Pull secret names. Default: none.'),
  })
  .meta({ id: 'ServiceAccount' });

/** A Role or ClusterRole entry. */
export const Role = z
  .strictObject({
    ...commonShape,
    rules: z.array(rawObject).default([]).describe('Policy rules (Kubernetes form).'),
  })
  .meta({ id: 'Role' });

/** A RoleBinding or ClusterRoleBinding entry. */
export const RoleBinding = z
  .strictObject({
    ...commonShape,
    roleRef: z
      .strictObject({
        apiGroup: z.string().default('rbac.authorization.k8s.io').describe('API group of the role.'),
        kind: z.enum(['Role', 'ClusterRole']).describe('Kind of the role.'),
        name: template.describe('Name of the role.'),
      })
      .describe('The bound role.'),
    subjects: z.array(rawObject).default([]).describe('Subjects (Kubernetes form).'),
  })
  .meta({ id: 'RoleBinding' });

/** A HorizontalPodAutoscaler entry. */
export const HorizontalPodAutoscaler = z
  .strictObject({
    ...commonShape,
    target: z
      .strictObject({
        apiVersion: z.string().default('apps/v1').describe('API version of the target.'),
        kind: z.string().default('Deployment').describe('Kind of the target.'),
        name: template.describe('Name of the target.'),
      })
      .describe('The scaled workload.'),
    minReplicas: intOrTemplateIn(1, INT32_MAX).default(1).describe('Lower bound.'),
    maxReplicas: intOrTemplateIn(1, INT32_MAX).describe('Upper bound.'),
    targetCPUUtilizationPercentage: intOrTemplateIn(1, INT32_MAX)
      .optional()
      .describe('CPU target. Default: none.'),
    metrics: z.array(rawObject).optional().describe('Metrics (autoscaling/v2 form). Default: none.'),
  })
  .meta({ id: 'HorizontalPodAutoscaler' });

/** A PodDisruptionBudget entry. */
export const PodDisruptionBudget = z
  .strictObject({
    ...commonShape,
    minAvailable: podCount.optional().describe('Pods that must stay available. Default: none.'),
    maxUnavailable: podCount.optional().describe('Pods that may be unavailable. Default: none.'),
    selector: labelMap.optional().describe('Pod selector. Default: this CR’s pods.'),
  })
  .meta({ id: 'PodDisruptionBudget' });

/** A NetworkPolicy entry. */
export const NetworkPolicy = z
  .strictObject({
    ...commonShape,
    podSelector: labelMap.optional().describe('Selected pods. Default: this CR’s pods.'),
    policyTypes: z
      .array(z.enum(['Ingress', 'Egress']))
      .optional()
      .describe('Policy types. Default: Ingress.'),
    ingress: z.array(rawObject).optional().describe('Ingress rules (Kubernetes form). Default: none.'),
    egress: z.array(rawObject).optional().describe('Egress rules (Kubernetes form). Default: none.'),
  })
  .meta({ id: 'NetworkPolicy' });

/** A Namespace entry. */
export const Namespace = z.strictObject(commonShape).meta({ id: 'Namespace' });

/** Any object: `apiVersion`, `kind`, `metadata`, `spec` and any other top-level keys, templated recursively. */
export const Custom = z
  .object({
    ...commonShape,
    apiVersion: z.string().describe('API version of the object, e.g. `example.io/v1`.'),
    kind: z.string().describe('Kind of the object.'),
    metadata: rawObject.optional().describe('Extra metadata (labels, annotations). Default: none.'),
    spec: rawObject.optional().describe('The object’s spec (templated recursively). Default: none.'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Custom' });

/** A header value read from a Secret of the CR's namespace (read from the cache, never logged). */
export const ExternalSecretHeader = z
  .strictObject({
    secretKeyRef: z
      .strictObject({
        name: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'must be a Secret name (not a template)' })
          .describe(
            'Name of the Secret (in the CR’s namespace; not a template: the box watches it by name).',
          ),
        key: z.string().min(1).describe('Key in the Secret’s data.'),
      })
      .describe('The Secret key whose value is sent.'),
  })
  .meta({ id: 'ExternalSecretHeader' });

/** An HTTP call made before the group's resources; its result is `.external.<name>`. */
export const External = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an identifier (letters, digits, _)' })
      .describe('Name of the result in templates: `.external.<name>`.'),
    url: template.describe('URL to call (a template).'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET').describe('HTTP method.'),
    headers: z
      .record(z.string(), z.union([template, ExternalSecretHeader]))
      .default({})
      .describe('Request headers: a template, or `{secretKeyRef: {name, key}}` for a value from a Secret.'),
    body: z
      .union([z.string(), rawObject])
      .optional()
      .describe('Request body (a template or an object). Default: none.'),
    expectedStatus: z
      .int()
      .min(100)
      .max(599)
      .optional()
      .describe('Status that counts as success. Default: any 2xx.'),
    timeout: positiveDuration.default('10s').describe('Timeout of the call.'),
    continueOnError: z.boolean().default(false).describe('false: a failed call fails the reconcile.'),
    cacheFor: duration.optional().describe('Reuse a result for this long. Default: no cache.'),
    when,
    or,
  })
  .meta({ id: 'External' });
