/**
 * The `security` blocks of a Katalog's documents, compiled into one SecurityPlan: a protection or a
 * webhook is on when any document turns it on, restricted namespaces add up, and the shortest
 * certificate lifetimes win (the strictest document decides).
 */
import { NO_SECURITY, type SecurityPlan } from '../../plan/index.ts';
import type { LoadedKatalog } from '../load/types.ts';
import { parseDurationMs } from '../schema/primitives.ts';
import type { Katalog } from '../schema/katalog.ts';

type Security = NonNullable<Katalog['security']>;

function compileOne(security: Security): SecurityPlan {
  const { deletionProtection, namespaceProtection, webhooks, certificates } = security;
  return {
    deletionProtection: { ...deletionProtection },
    namespaceProtection: {
      enabled: namespaceProtection.enabled,
      restrictedNamespaces: [...namespaceProtection.restrictedNamespaces],
    },
    webhooks: {
      admission: { ...webhooks.admission },
      conversion: { ...webhooks.conversion },
    },
    certificates: {
      validForMs: parseDurationMs(certificates.validFor) ?? NO_SECURITY.certificates.validForMs,
      rotateBeforeMs: parseDurationMs(certificates.rotateBefore) ?? NO_SECURITY.certificates.rotateBeforeMs,
    },
  };
}

function merge(a: SecurityPlan, b: SecurityPlan): SecurityPlan {
  return {
    deletionProtection: {
      enabled: a.deletionProtection.enabled || b.deletionProtection.enabled,
      cleanupOnShutdown: a.deletionProtection.cleanupOnShutdown || b.deletionProtection.cleanupOnShutdown,
    },
    namespaceProtection: {
      enabled: a.namespaceProtection.enabled || b.namespaceProtection.enabled,
      restrictedNamespaces: [
        ...new Set([
          ...a.namespaceProtection.restrictedNamespaces,
          ...b.namespaceProtection.restrictedNamespaces,
        ]),
      ],
    },
    webhooks: {
      admission: {
        enabled: a.webhooks.admission.enabled || b.webhooks.admission.enabled,
        failurePolicy:
          a.webhooks.admission.failurePolicy === 'Fail' || b.webhooks.admission.failurePolicy === 'Fail'
            ? 'Fail'
            : 'Ignore',
      },
      conversion: { enabled: a.webhooks.conversion.enabled || b.webhooks.conversion.enabled },
    },
    certificates: {
      validForMs: Math.min(a.certificates.validForMs, b.certificates.validForMs),
      rotateBeforeMs: Math.min(a.certificates.rotateBeforeMs, b.certificates.rotateBeforeMs),
    },
  };
}

/** The Katalog's security, every document's block merged; NO_SECURITY when none declares one. */
export function compileSecurity(katalog: LoadedKatalog): SecurityPlan {
  const blocks = katalog.documents.flatMap((d) =>
    d.katalog.security ? [compileOne(d.katalog.security)] : [],
  );
  const [first, ...rest] = blocks;
  return first === undefined ? NO_SECURITY : rest.reduce(merge, first);
}
