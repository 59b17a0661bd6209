/** The shorthand fields of a pod's container, shared by workloads, Jobs and CronJobs. */
import { z } from 'zod';
import { labelMap } from './kube-names.ts';
import { intOrString, portOrName, portOrTemplate, rawObject, scalar, template } from './primitives.ts';

const keyRef = z.strictObject({
  name: template.describe('Name of the referenced object.'),
  key: template.describe('Key inside the referenced object.'),
  optional: z.boolean().default(false).describe('Tolerate a missing object or key.'),
});

/** One environment variable in the map form: a value, or a reference to a Secret or ConfigMap key. */
export const EnvValue = z
  .strictObject({
    value: scalar.optional().describe('A literal value (a template). Default: none.'),
    secretKeyRef: keyRef.optional().describe('Read the value from a Secret key. Default: none.'),
    configMapKeyRef: keyRef.optional().describe('Read the value from a ConfigMap key. Default: none.'),
    fieldRef: z
      .strictObject({ fieldPath: z.string().describe('e.g. metadata.namespace') })
      .optional()
      .describe('Read the value from a field of the pod. Default: none.'),
  })
  .refine((v) => Object.values(v).filter(Boolean).length === 1, {
    error: 'an env entry needs exactly one of value, secretKeyRef, configMapKeyRef, fieldRef',
  })
  .meta({ id: 'EnvValue' });

const envMap = z.record(z.string(), z.union([EnvValue, scalar]));
const envList = z.array(rawObject);

const envFromRef = z.union([
  template,
  z.strictObject({
    name: template.describe('Name of the Secret or ConfigMap.'),
    prefix: z.string().optional().describe('Prefix added to every variable name. Default: none.'),
    optional: z.boolean().default(false).describe('Tolerate a missing object.'),
  }),
]);

/** One `envFrom` source: `configMapRef` or `secretRef`, a name or `{name, prefix, optional}`. */
export const EnvFrom = z
  .union([
    z.strictObject({ configMapRef: envFromRef.describe('Import every key of this ConfigMap.') }),
    z.strictObject({ secretRef: envFromRef.describe('Import every key of this Secret.') }),
  ])
  .meta({ id: 'EnvFrom' });

const port = z.strictObject({
  name: z.string().optional().describe('Port name. Default: none.'),
  containerPort: portOrTemplate.describe('The port number.'),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP').describe('Protocol.'),
});

/** The container shorthand: image, command, ports, env and the pod-level fields that go with them. */
export const containerShape = {
  image: template.describe('Container image (a template).'),
  command: z
    .array(template)
    .optional()
    .describe('Entrypoint; each element is a template. Default: the image’s.'),
  args: z.array(template).optional().describe('Arguments; each element is a template. Default: the image’s.'),
  env: z
    .union([envMap, envList])
    .optional()
    .describe(
      'Environment: a map `{NAME: {value | secretKeyRef | configMapKeyRef}}` or the Kubernetes list form. Default: none.',
    ),
  envFrom: z.array(EnvFrom).optional().describe('Whole Secrets or ConfigMaps as environment. Default: none.'),
  resources: z
    .strictObject({
      requests: z.record(z.string(), intOrString).optional().describe('Requested cpu/memory. Default: none.'),
      limits: z.record(z.string(), intOrString).optional().describe('Limits of cpu/memory. Default: none.'),
    })
    .optional()
    .describe('Compute resources. Default: none.'),
  serviceAccountName: template.optional().describe('Service account of the pod. Default: `default`.'),
  nodeSelector: labelMap.optional().describe('Node selector of the pod. Default: none.'),
  tolerations: z.array(rawObject).optional().describe('Pod tolerations (Kubernetes form). Default: none.'),
  securityContext: rawObject
    .optional()
    .describe('Container security context (Kubernetes form). Default: none.'),
  volumes: z.array(rawObject).optional().describe('Pod volumes (Kubernetes form). Default: none.'),
  volumeMounts: z
    .array(rawObject)
    .optional()
    .describe('Container volume mounts (Kubernetes form). Default: none.'),
  imagePullSecrets: z
    .array(z.union([z.string(), z.strictObject({ name: z.string().describe('Secret name.') })]))
    .optional()
    .describe('Pull secrets, as names or `{name}`. Default: none.'),
};

/** Ports and probes: for long-running workloads only. */
export const serverShape = {
  port: portOrName.optional().describe('Shorthand for one container port. Default: none.'),
  ports: z.array(port).optional().describe('Container ports. Default: none.'),
  probes: z
    .strictObject({
      liveness: rawObject.optional().describe('Liveness probe (Kubernetes form). Default: none.'),
      readiness: rawObject.optional().describe('Readiness probe (Kubernetes form). Default: none.'),
      startup: rawObject.optional().describe('Startup probe (Kubernetes form). Default: none.'),
    })
    .optional()
    .describe('Container probes, each `{httpGet | tcpSocket | exec, ...}`. Default: none.'),
};
