/** The structural shapes of status declarations (spec §8) and of a reconcile's outcome. */
import type { ConditionGate, Scalar } from '../../plan/index.ts';

/** How a status field's rendered value is typed. */
export type StatusFieldType = 'string' | 'int' | 'float' | 'bool' | 'auto';

/** One declared status field. */
export interface StatusFieldSpec extends ConditionGate {
  /** Dotted path under `.status` (`phase`, `endpoint.host`). */
  readonly path: string;
  /** The value (a template). */
  readonly value: Scalar;
  /** @default 'auto' */
  readonly type?: StatusFieldType | undefined;
}

/** The operatorBox's `status` block. */
export interface StatusSpec {
  /** Own `status.conditions[type=Ready]`. @default true */
  readonly conditions?: boolean | undefined;
  /** Declared fields; later entries win for the same path. */
  readonly fields?: readonly StatusFieldSpec[] | undefined;
}

/** How the reconcile ended: Ready=True, or Ready=False with a reason and message. */
export type ReconcileOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'ReconcileError' | 'ValidationFailed' | 'ExternalCallFailed' | 'RestrictedNamespace';
      readonly message: string;
    };

/** A Kubernetes condition (metav1.Condition). */
export interface StatusCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}
