/**
 * The Katalog's `security` block (spec §11), compiled: one for the whole process, since every webhook
 * shares one HTTPS listener and one certificate. Durations are milliseconds.
 */

/** What the runtime protects and which webhooks it serves. */
export interface SecurityPlan {
  readonly deletionProtection: {
    readonly enabled: boolean;
    /** Remove every webhook configuration the runtime registered on a clean stop. */
    readonly cleanupOnShutdown: boolean;
  };
  readonly namespaceProtection: {
    readonly enabled: boolean;
    /** Namespaces where CRs are rejected at apply time and children are never created. */
    readonly restrictedNamespaces: readonly string[];
  };
  readonly webhooks: {
    readonly admission: { readonly enabled: boolean; readonly failurePolicy: 'Fail' | 'Ignore' };
    readonly conversion: { readonly enabled: boolean };
  };
  readonly certificates: { readonly validForMs: number; readonly rotateBeforeMs: number };
}

const DAY_MS = 86_400_000;

/** A Katalog without a `security` block: nothing protected, no webhook. */
export const NO_SECURITY: SecurityPlan = {
  deletionProtection: { enabled: false, cleanupOnShutdown: false },
  namespaceProtection: { enabled: false, restrictedNamespaces: [] },
  webhooks: { admission: { enabled: false, failurePolicy: 'Fail' }, conversion: { enabled: false } },
  certificates: { validForMs: 365 * DAY_MS, rotateBeforeMs: 30 * DAY_MS },
};

/** True when the runtime needs its HTTPS listener: a webhook or a protection is on. */
export function servesWebhooks(security: SecurityPlan): boolean {
  return (
    security.webhooks.admission.enabled ||
    security.webhooks.conversion.enabled ||
    security.deletionProtection.enabled ||
    security.namespaceProtection.enabled
  );
}
