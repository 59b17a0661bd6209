/**
 * The shapes of resource entries (spec §4.1) as a Plan carries them and the builders read them. They
 * mirror the Katalog schema's output types loosely (every field optional) so that builders can be tested
 * with small literals; katalog/compile/entry-fits.test.ts checks at compile time that the schema's types
 * fit these shapes, so the compiler hands parsed entries to the Plan as they are.
 */
import type { ConditionGate, Scalar } from './condition-types.ts';

/** A free-form object (Kubernetes form), templated recursively. */
export type RawObject = Readonly<Record<string, unknown>>;

/** The fields every entry has. */
export interface EntryBase extends ConditionGate {
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  readonly labels?: Readonly<Record<string, string>> | undefined;
  readonly annotations?: Readonly<Record<string, string>> | undefined;
  readonly reconcile?: boolean | undefined;
  readonly forEach?: { readonly field: string; readonly as?: string | undefined } | undefined;
  readonly overrides?: RawObject | undefined;
  readonly forceConflicts?: boolean | undefined;
}

/** A key reference of an env entry. */
export interface KeyRef {
  readonly name: string;
  readonly key: string;
  readonly optional?: boolean | undefined;
}

/** One env value of the map form. */
export interface EnvValue {
  readonly value?: Scalar | undefined;
  readonly secretKeyRef?: KeyRef | undefined;
  readonly configMapKeyRef?: KeyRef | undefined;
  readonly fieldRef?: { readonly fieldPath: string } | undefined;
}

/** The target of an envFrom source: a name or `{name, prefix, optional}`. */
export type EnvFromRef =
  | string
  | { readonly name: string; readonly prefix?: string | undefined; readonly optional?: boolean | undefined };

/** One envFrom source. */
export type EnvFromEntry = { readonly configMapRef: EnvFromRef } | { readonly secretRef: EnvFromRef };

/** A container port of the list form. */
export interface ContainerPortEntry {
  readonly name?: string | undefined;
  readonly containerPort: Scalar;
  readonly protocol?: string | undefined;
}

/** The container shorthand shared by workloads, Jobs and CronJobs. */
export interface ContainerEntry extends EntryBase {
  readonly image?: string | undefined;
  readonly command?: readonly string[] | undefined;
  readonly args?: readonly string[] | undefined;
  readonly env?: Readonly<Record<string, EnvValue | Scalar>> | readonly RawObject[] | undefined;
  readonly envFrom?: readonly EnvFromEntry[] | undefined;
  readonly resources?:
    | {
        readonly requests?: Readonly<Record<string, Scalar>> | undefined;
        readonly limits?: Readonly<Record<string, Scalar>> | undefined;
      }
    | undefined;
  readonly serviceAccountName?: string | undefined;
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
  readonly tolerations?: readonly RawObject[] | undefined;
  readonly securityContext?: RawObject | undefined;
  readonly volumes?: readonly RawObject[] | undefined;
  readonly volumeMounts?: readonly RawObject[] | undefined;
  readonly imagePullSecrets?: readonly (string | { readonly name: string })[] | undefined;
  readonly port?: Scalar | undefined;
  readonly ports?: readonly ContainerPortEntry[] | undefined;
  readonly probes?:
    | {
        readonly liveness?: RawObject | undefined;
        readonly readiness?: RawObject | undefined;
        readonly startup?: RawObject | undefined;
      }
    | undefined;
}

/** deployments, statefulSets, daemonSets. */
export interface WorkloadEntry extends ContainerEntry {
  readonly replicas?: Scalar | undefined;
  readonly serviceName?: string | undefined;
  readonly volumeClaimTemplates?: readonly RawObject[] | undefined;
}

/** One Service port of the list form. */
export interface ServicePortEntry {
  readonly name?: string | undefined;
  readonly port: Scalar;
  readonly targetPort?: Scalar | undefined;
  readonly protocol?: string | undefined;
  readonly nodePort?: Scalar | undefined;
}

/** services. */
export interface ServiceEntry extends EntryBase {
  readonly type?: string | undefined;
  readonly port?: Scalar | undefined;
  readonly targetPort?: Scalar | undefined;
  readonly ports?: readonly ServicePortEntry[] | undefined;
  readonly selector?: Readonly<Record<string, string>> | undefined;
  readonly headless?: boolean | undefined;
}

/** configMaps. */
export interface ConfigMapEntry extends EntryBase {
  readonly data?: Readonly<Record<string, Scalar>> | undefined;
  readonly binaryData?: Readonly<Record<string, string>> | undefined;
}

/** secrets. */
export interface SecretEntry extends EntryBase {
  readonly type?: string | undefined;
  readonly data?: Readonly<Record<string, Scalar>> | undefined;
  readonly once?: boolean | undefined;
  readonly rotateAfter?: string | undefined;
  readonly tls?:
    | {
        readonly commonName: string;
        readonly dnsNames?: readonly string[] | undefined;
        readonly validFor?: string | undefined;
        readonly ca?: { readonly secretName: string } | undefined;
      }
    | undefined;
}

/** jobs. */
export interface JobEntry extends ContainerEntry {
  readonly backoffLimit?: Scalar | undefined;
  readonly ttlSecondsAfterFinished?: Scalar | undefined;
  readonly restartPolicy?: string | undefined;
  readonly timeout?: string | undefined;
}

/** cronJobs. */
export interface CronJobEntry extends JobEntry {
  readonly schedule?: string | undefined;
  readonly suspend?: boolean | string | undefined;
  readonly concurrencyPolicy?: string | undefined;
  readonly successfulJobsHistoryLimit?: Scalar | undefined;
  readonly failedJobsHistoryLimit?: Scalar | undefined;
  readonly startingDeadlineSeconds?: Scalar | undefined;
}

/** ingresses. */
export interface IngressEntry extends EntryBase {
  readonly ingressClassName?: string | undefined;
  readonly host?: string | undefined;
  readonly path?: string | undefined;
  readonly pathType?: string | undefined;
  readonly serviceName?: string | undefined;
  readonly servicePort?: Scalar | undefined;
  readonly rules?: readonly RawObject[] | undefined;
  readonly tls?: readonly RawObject[] | undefined;
}

/** persistentVolumeClaims. */
export interface PersistentVolumeClaimEntry extends EntryBase {
  readonly storage?: string | undefined;
  readonly accessModes?: readonly string[] | undefined;
  readonly storageClassName?: string | undefined;
}

/** serviceAccounts. */
export interface ServiceAccountEntry extends EntryBase {
  readonly automountServiceAccountToken?: boolean | undefined;
  readonly imagePullSecrets?: readonly string[] | undefined;
}

/** roles and clusterRoles. */
export interface RoleEntry extends EntryBase {
  readonly rules?: readonly RawObject[] | undefined;
}

/** roleBindings and clusterRoleBindings. */
export interface RoleBindingEntry extends EntryBase {
  readonly roleRef?:
    { readonly apiGroup?: string | undefined; readonly kind: string; readonly name: string } | undefined;
  readonly subjects?: readonly RawObject[] | undefined;
}

/** horizontalPodAutoscalers (hpa). */
export interface HorizontalPodAutoscalerEntry extends EntryBase {
  readonly target?:
    | { readonly apiVersion?: string | undefined; readonly kind?: string | undefined; readonly name: string }
    | undefined;
  readonly minReplicas?: Scalar | undefined;
  readonly maxReplicas?: Scalar | undefined;
  readonly targetCPUUtilizationPercentage?: Scalar | undefined;
  readonly metrics?: readonly RawObject[] | undefined;
}

/** podDisruptionBudgets (pdb). */
export interface PodDisruptionBudgetEntry extends EntryBase {
  readonly minAvailable?: Scalar | undefined;
  readonly maxUnavailable?: Scalar | undefined;
  readonly selector?: Readonly<Record<string, string>> | undefined;
}

/** networkPolicies. */
export interface NetworkPolicyEntry extends EntryBase {
  readonly podSelector?: Readonly<Record<string, string>> | undefined;
  readonly policyTypes?: readonly string[] | undefined;
  readonly ingress?: readonly RawObject[] | undefined;
  readonly egress?: readonly RawObject[] | undefined;
}

/** custom: any apiVersion/kind; every other top-level key is part of the object. */
export interface CustomEntry extends EntryBase {
  readonly apiVersion?: string | undefined;
  readonly kind?: string | undefined;
  readonly metadata?: RawObject | undefined;
  readonly spec?: RawObject | undefined;
  readonly [key: string]: unknown;
}

/** Any resource entry: what a ResourcePlan's `entry` holds, whatever its group. */
export type ResourceEntry =
  | WorkloadEntry
  | ServiceEntry
  | ConfigMapEntry
  | SecretEntry
  | JobEntry
  | CronJobEntry
  | IngressEntry
  | PersistentVolumeClaimEntry
  | ServiceAccountEntry
  | RoleEntry
  | RoleBindingEntry
  | HorizontalPodAutoscalerEntry
  | PodDisruptionBudgetEntry
  | NetworkPolicyEntry
  | CustomEntry;
