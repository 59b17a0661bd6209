/** The compiled, immutable per-CRD Plan: the runtime's input, built once when a Katalog loads. */
import type { ConditionOperator } from './condition-operators.ts';
import type { ResourceEntry } from './entry-types.ts';
import type { ResourceGroupKey } from './resource-groups.ts';
import type { SourceLocation, TemplateSource } from './source-location.ts';

/** A scalar value as written (strings may be templates). */
export type PlanScalar = string | number | boolean;

/** One condition, normalised: the operator is canonical (`hasPrefix` → `prefix`, `exists: false` → `notExists`). */
export interface ConditionPlan {
  /** A dotted path into the context, or a template (see `fieldIsTemplate`). */
  readonly field: string;
  /** True when `field` is a template to render rather than a path. */
  readonly fieldIsTemplate: boolean;
  /** The canonical operator. */
  readonly operator: Exclude<ConditionOperator, 'hasPrefix' | 'hasSuffix'>;
  /** The operand (templates allowed); undefined for exists/notExists. `in`/`notIn`: "a,b" or a list. */
  readonly value: PlanScalar | readonly PlanScalar[] | undefined;
}

/** `when` (all) and `or` (any) of something conditional. */
export interface Conditions {
  /** All must pass. */
  readonly when: readonly ConditionPlan[];
  /** One must pass (when non-empty). */
  readonly or: readonly ConditionPlan[];
}

/** One resource entry of a hook. */
export interface ResourcePlan extends Conditions {
  /** Canonical group key (`hpa` → `horizontalPodAutoscalers`). */
  readonly group: ResourceGroupKey;
  /** Kubernetes kind (for `custom`: the entry's kind). */
  readonly kind: string;
  /** apiVersion of the manifest (for `custom`: the entry's). */
  readonly apiVersion: string;
  /** True for cluster-scoped kinds. */
  readonly clusterScoped: boolean;
  /** Name template. */
  readonly name: string;
  /** Namespace template; undefined: the CR's. */
  readonly namespace: string | undefined;
  /** Extra labels (values are templates). */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra annotations (values are templates). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Enforced every reconcile (onReconcile entries, and onCreate entries with reconcile: true). */
  readonly reconcile: boolean;
  /** One resource per element of a list/map field. */
  readonly forEach: { readonly field: string; readonly as: string } | undefined;
  /** Raw object deep-merged into the generated manifest. */
  readonly overrides: Readonly<Record<string, unknown>> | undefined;
  /** Server-Side Apply force. */
  readonly forceConflicts: boolean;
  /** The kind's shorthand fields as written, defaults applied (image, replicas, ports, data, ...). */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * The complete entry the builders render: every field as written, defaults applied, its `when`/`or`
   * compiled (the same {@link ConditionPlan}s as above).
   */
  readonly entry: ResourceEntry;
  /** The entry as its hook names it, e.g. `deployments[0]` or `hpa[1]` (messages prefix the hook). */
  readonly label: string;
  /** YAML path of the entry, e.g. `spec.crds.website.operatorBox.onCreate.deployments[0]`. */
  readonly path: string;
  /** Where the entry is written. */
  readonly location: SourceLocation;
}

/** A header value of an external call read from a Secret of the CR's namespace (never logged). */
export interface SecretHeaderRef {
  readonly secretKeyRef: { readonly name: string; readonly key: string };
}

/** One HTTP call before a hook's resources. */
export interface ExternalPlan extends Conditions {
  /** `.external.<name>`. */
  readonly name: string;
  /** URL template. */
  readonly url: string;
  /** HTTP method. */
  readonly method: string;
  /** Header templates, or values read from a Secret. */
  readonly headers: Readonly<Record<string, string | SecretHeaderRef>>;
  /** Body template or object. */
  readonly body: string | Readonly<Record<string, unknown>> | undefined;
  /** Success status; undefined: any 2xx. */
  readonly expectedStatus: number | undefined;
  /** Call timeout. */
  readonly timeoutMs: number;
  /** false: a failure fails the reconcile. */
  readonly continueOnError: boolean;
  /** Result reuse; undefined: none. */
  readonly cacheForMs: number | undefined;
}

/** The resources of one hook, in apply order (namespaces, RBAC, config, workloads, services...). */
export interface HookPlan {
  /** HTTP calls, in declaration order, before the resources. */
  readonly external: readonly ExternalPlan[];
  /** Resource entries in apply order. */
  readonly resources: readonly ResourcePlan[];
}

/** onDelete. */
export interface DeleteHookPlan extends HookPlan {
  /** Delete `groups` in order. */
  readonly ordered: boolean;
  /** Ordered groups. */
  readonly groups: readonly HookPlan[];
  /** How long deletion may wait. */
  readonly timeoutMs: number;
}

/** A declared status field. */
export interface StatusFieldPlan extends Conditions {
  /** Dotted path under .status. */
  readonly path: string;
  /** Value (template). */
  readonly value: PlanScalar;
  /** Written type. */
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'auto';
}

/** A mutation rule. */
export interface MutationRulePlan extends Conditions {
  /** Dotted path into the CR. */
  readonly field: string;
  /** `default` (when absent/empty) or `override` (always). */
  readonly mode: 'default' | 'override';
  /** The value (template or object). */
  readonly value: unknown;
  /** Written type. */
  readonly valueType: 'string' | 'int' | 'float' | 'bool' | 'auto';
}

/** A validation rule. */
export interface ValidationRulePlan {
  /** The test the CR must pass. */
  readonly rule: ConditionPlan;
  /** The rule applies only when these hold. */
  readonly applies: Conditions;
  /** Message template. */
  readonly message: string;
  /** deny or warn. */
  readonly action: 'deny' | 'warn';
}

/**
 * What one template reads, found by the template layer from its parse tree (for skipping a render whose
 * inputs did not change). Anything it cannot see through counts as reading everything.
 */
export interface TemplateInputs {
  /**
   * Dotted paths read from the CR (`spec.image`, `metadata.name`); `.` when the whole context is read.
   * Also the names a forEach binds (`item`, `index`, `key`, its `as`), read from the entry's forEach field.
   */
  readonly crPaths: readonly string[];
  /** Reads `.children` or `.childList` (or the whole context). */
  readonly children: boolean;
  /** Reads `.cross` (or the whole context). */
  readonly cross: boolean;
  /** Reads `.external` (or the whole context). */
  readonly external: boolean;
  /** Impure functions called (the clock, randomness): the result may change with no input changing. */
  readonly impure: readonly string[];
  /** User-defined notes called: what a note reads is not among its caller's inputs. */
  readonly notes: readonly string[];
}

/** A template of the Plan: its source, where it is written, and what it reads. */
export interface PlanTemplate extends TemplateSource {
  /** Undefined when unknown (no template analysis wired, or it does not parse): assume it reads anything. */
  readonly inputs: TemplateInputs | undefined;
}

/** The budgets of template execution (see the engine's ExecuteOptions and RunBudget). */
export interface TemplateLimitsPlan {
  /** Steps of one template. */
  readonly maxSteps: number;
  /** Characters one template may print. */
  readonly maxOutputBytes: number;
  /** Largest value a function may build (JSON size). */
  readonly maxValueBytes: number;
  /** Nesting of template calls and notes. */
  readonly maxDepth: number;
  /** Nesting of built values. */
  readonly maxValueDepth: number;
  /** Characters all templates of one reconcile may print. */
  readonly maxReconcileOutputBytes: number;
  /** Wall-clock time of all templates of one reconcile. */
  readonly timeoutMs: number;
}

/** The operator autoscaler of a box (spec §10.3): its conditions read `metrics.*` and `cross.<name>.metrics.*`. */
export interface AutoscalePlan extends Conditions {
  /** How often the conditions are evaluated; also the window of the windowed metrics. */
  readonly intervalMs: number;
  /** How long the conditions must have been false before the baseline returns. */
  readonly cooldownMs: number;
  /** Workers while the conditions hold; undefined: unchanged. */
  readonly workers: number | undefined;
  /** Queue depth bound while the conditions hold (0: unlimited); undefined: unchanged. */
  readonly queueDepth: number | undefined;
  /**
   * The other boxes whose metrics the conditions read: the name written after `cross.` (a CRD key, or
   * the `as` of one of this box's cross entries) → the CRD key of that box.
   */
  readonly crossMetrics: Readonly<Record<string, string>>;
}

/** The compiled operator of one CRD. Deeply frozen. */
export interface Plan {
  /** The CRD key under spec.crds. */
  readonly key: string;
  /** Name of the declaring Katalog (label orkestra.orkspace.io/katalog). */
  readonly katalog: string;
  /** What the operator does, shown on /katalog; undefined: not described. */
  readonly description: string | undefined;
  /** false: not watched. */
  readonly enabled: boolean;
  /** The CR's group, version, kind. */
  readonly gvk: { readonly group: string; readonly version: string; readonly kind: string };
  /** `group/version`. */
  readonly apiVersion: string;
  /** Plural resource name. */
  readonly plural: string;
  /** CR scope. */
  readonly scope: 'Namespaced' | 'Cluster';
  /** Concurrent reconciles. */
  readonly workers: number;
  /** Resync period. */
  readonly resyncMs: number;
  /** Queue limits and backoff. */
  readonly queue: {
    readonly maxDepth: number;
    readonly failureThreshold: number;
    readonly retryBackoff: { readonly initialMs: number; readonly maxMs: number };
  };
  /** Watched namespaces; undefined: all. */
  readonly namespaces: readonly string[] | undefined;
  /** CR label selector; undefined: all. */
  readonly labelSelector: Readonly<Record<string, string>> | undefined;
  /** CRD keys started first. */
  readonly dependsOn: readonly string[];
  /** Finalizers; `orkestra.orkspace.io/cleanup` first. */
  readonly finalizers: readonly string[];
  /** Resource hooks. */
  readonly hooks: {
    readonly onCreate: HookPlan;
    readonly onReconcile: HookPlan;
    readonly onDelete: DeleteHookPlan;
  };
  /** Status ownership. */
  readonly status: { readonly conditions: boolean; readonly fields: readonly StatusFieldPlan[] };
  /** normalize: dotted spec path → template, in declaration order. */
  readonly normalize: readonly { readonly path: string; readonly template: string }[];
  /** Mutation; undefined: none. */
  readonly mutation:
    { readonly mutateFirst: boolean; readonly rules: readonly MutationRulePlan[] } | undefined;
  /** Validation rules. */
  readonly validation: readonly ValidationRulePlan[];
  /** Conversion; undefined: none. */
  readonly conversion:
    | {
        readonly storageVersion: string;
        readonly paths: readonly {
          readonly from: string;
          readonly to: string;
          readonly spec: Readonly<Record<string, string>>;
        }[];
      }
    | undefined;
  /** Observed CRs of other operators. */
  readonly cross: readonly {
    readonly crd: string;
    readonly as: string;
    readonly selector: {
      readonly name?: string;
      readonly namespace?: string;
      readonly matchLabels?: Readonly<Record<string, string>>;
    };
  }[];
  /** Operator autoscaler; undefined: none. */
  readonly autoscale: AutoscalePlan | undefined;
  /** Provider resources by provider name. */
  readonly providers: Readonly<
    Record<string, readonly Readonly<Record<string, Readonly<Record<string, unknown>>>>[]>
  >;
  /** User-defined template functions (notes) of all loaded Katalogs: name → expression. */
  readonly notes: Readonly<Record<string, string>>;
  /**
   * True when a template of this entry or of the notes may call `toYaml`: the box loads the YAML library
   * (~1.5 MB) before its first render only then.
   */
  readonly callsToYaml: boolean;
  /** Budgets of template execution, from the declaring Katalog's `spec.limits.templates`. */
  readonly templateLimits: TemplateLimitsPlan;
  /**
   * True when a condition of this entry (`when`/`or`, validation) uses `regex`: the box loads the
   * regular expression engine (~6 MB) before its first reconcile only then.
   */
  readonly usesRegex: boolean;
  /** Children one CR may render (spec.limits.maxChildren). */
  readonly maxChildren: number;
  /**
   * Namespaces the Katalog's `security.namespaceProtection` restricts (empty when it is off): a CR
   * stored there is not reconciled, and no child is ever written there.
   */
  readonly restrictedNamespaces: readonly string[];
  /** Every template of this CRD entry and of the notes, with positions: compile these once. */
  readonly templates: readonly PlanTemplate[];
  /** Where the entry is declared. */
  readonly location: SourceLocation;
}
