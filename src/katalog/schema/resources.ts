/** The resource entries of a resource group: one schema per Kubernetes kind, sharing common fields. */
import { z } from 'zod';
import { or, when } from './condition.ts';
import { containerShape, serverShape } from './container.ts';
import { annotationMap, labelMap, namespaceName } from './kube-names.ts';
import {
  duration,
  positiveDuration,
  enumOrTemplate,
  countOrTemplate,
  portOrName,
  portOrTemplate,
  rawObject,
  scalar,
  stringMap,
  template,
} from './primitives.ts';

/** The fields every resource entry has. */
export const commonShape = {
  name: template
    .default('{{ .metadata.name }}')
    .describe('Name of the child (a template); two entries of one kind must not produce the same name.'),
  namespace: namespaceName.optional().describe('Namespace of the child. Default: the CR’s namespace.'),
  labels: labelMap.optional().describe('Extra labels (values are templates). Default: none.'),
  annotations: annotationMap.optional().describe('Extra annotations (values are templates). Default: none.'),
  when,
  or,
  reconcile: z
    .boolean()
    .default(false)
    .describe('onCreate only: also enforce this entry on every reconcile (drift correction).'),
  forEach: z
    .strictObject({
      field: z.string().describe('Dotted path of a list or map in the CR, e.g. `spec.databases`.'),
      as: z.string().default('item').describe('Name of the element in templates (`.item` or `.<as>`).'),
    })
    .optional()
    .describe('One resource per element of a list or map; removed elements are deleted. Default: none.'),
  overrides: rawObject
    .optional()
    .describe(
      'Raw object deep-merged into the generated manifest, for anything the shorthand lacks. Default: none.',
    ),
  forceConflicts: z
    .boolean()
    .default(true)
    .describe('Server-Side Apply: take ownership of fields another manager set.'),
};

const workload = { ...commonShape, ...containerShape, ...serverShape };

/** A Deployment entry. */
export const Deployment = z
  .strictObject({
    ...workload,
    replicas: countOrTemplate.optional().describe('Number of pods (a number or a template). Default: 1.'),
  })
  .meta({ id: 'Deployment' });

/** A StatefulSet entry. */
export const StatefulSet = z
  .strictObject({
    ...workload,
    replicas: countOrTemplate.optional().describe('Number of pods. Default: 1.'),
    serviceName: template.optional().describe('Governing (headless) Service. Default: the entry’s name.'),
    volumeClaimTemplates: z
      .array(rawObject)
      .optional()
      .describe('PersistentVolumeClaim templates (Kubernetes form). Default: none.'),
  })
  .meta({ id: 'StatefulSet' });

/** A DaemonSet entry. */
export const DaemonSet = z.strictObject(workload).meta({ id: 'DaemonSet' });

const servicePort = z.strictObject({
  name: z.string().optional().describe('Port name. Default: none.'),
  port: portOrTemplate.describe('Service port.'),
  targetPort: portOrName.optional().describe('Container port or name. Default: `port`.'),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP').describe('Protocol.'),
  nodePort: portOrTemplate.optional().describe('Node port (NodePort/LoadBalancer). Default: assigned.'),
});

/** A Service entry. */
export const Service = z
  .strictObject({
    ...commonShape,
    type: enumOrTemplate(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])
      .default('ClusterIP')
      .describe('Service type.'),
    port: portOrTemplate.optional().describe('Shorthand for one port. Default: none.'),
    targetPort: portOrName.optional().describe('Target of the shorthand port. Default: `port`.'),
    ports: z.array(servicePort).optional().describe('Service ports. Default: none.'),
    selector: labelMap
      .optional()
      .describe(
        'Pod selector. Default: the pod labels of this CR’s workloads (`orkestra.orkspace.io/instance`).',
      ),
    headless: z.boolean().default(false).describe('clusterIP: None.'),
  })
  .meta({ id: 'Service' });

/** A ConfigMap entry. */
export const ConfigMap = z
  .strictObject({
    ...commonShape,
    data: z.record(z.string(), scalar).default({}).describe('Data (values are templates).'),
    binaryData: stringMap.optional().describe('Base64 binary data. Default: none.'),
  })
  .meta({ id: 'ConfigMap' });

/** A Secret entry. */
export const Secret = z
  .strictObject({
    ...commonShape,
    type: z.string().default('Opaque').describe('Secret type.'),
    data: z
      .record(z.string(), scalar)
      .default({})
      .describe('Plain-text values (templates); the runtime base64-encodes them.'),
    once: z.boolean().default(false).describe('Create if missing, never update.'),
    rotateAfter: duration
      .optional()
      .describe(
        'With `once` (required): regenerate the values when older than this (e.g. 30d); when they were made is kept in annotation `orkestra.orkspace.io/generated-at`, and workloads of the CR that use the Secret roll. Default: never.',
      ),
    tls: z
      .strictObject({
        commonName: template.describe('Certificate common name (a template).'),
        dnsNames: z
          .array(template)
          .default([])
          .describe('Subject alternative DNS names (templates); what TLS clients check.'),
        validFor: positiveDuration
          .default('1y')
          .describe('Validity period; the certificate is renewed when less than a third of it remains.'),
        ca: z
          .strictObject({
            secretName: z
              .string()
              .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'must be a Secret name (not a template)' })
              .describe(
                'A kubernetes.io/tls Secret (`tls.crt`, `tls.key`) in the namespace of this Secret, holding a CA certificate and its key.',
              ),
          })
          .optional()
          .describe('Sign with this CA instead of self-signing. Default: self-signed.'),
      })
      .optional()
      .describe(
        'Generate an ECDSA P-256 key and a server certificate into `tls.crt`, `tls.key` and `ca.crt` (type kubernetes.io/tls), once, kept across reconciles; renewed before expiry and re-issued when commonName, dnsNames, validFor or the CA change. Default: none.',
      ),
  })
  .meta({ id: 'Secret' });

const jobShape = {
  ...commonShape,
  ...containerShape,
  backoffLimit: countOrTemplate.default(3).describe('Retries before the Job is failed.'),
  ttlSecondsAfterFinished: countOrTemplate
    .optional()
    .describe('Delete the Job this long after it ends. Default: never.'),
  restartPolicy: z.enum(['Never', 'OnFailure']).default('Never').describe('Pod restart policy.'),
  timeout: positiveDuration
    .optional()
    .describe('onDelete: how long to wait for the Job to finish. Default: 5m.'),
};

/** A Job entry: created once, never updated, never pruned while the CR lives. */
export const Job = z.strictObject(jobShape).meta({ id: 'Job' });

/** A CronJob entry. */
export const CronJob = z
  .strictObject({
    ...jobShape,
    schedule: template.describe('Cron schedule (5 fields) or a template.'),
    suspend: z.union([z.boolean(), template]).default(false).describe('Suspend the schedule.'),
    concurrencyPolicy: z.enum(['Allow', 'Forbid', 'Replace']).default('Allow').describe('Concurrent runs.'),
    successfulJobsHistoryLimit: countOrTemplate.default(3).describe('Finished Jobs kept.'),
    failedJobsHistoryLimit: countOrTemplate.default(1).describe('Failed Jobs kept.'),
    startingDeadlineSeconds: countOrTemplate
      .optional()
      .describe('Deadline for a missed start. Default: none.'),
  })
  .meta({ id: 'CronJob' });
