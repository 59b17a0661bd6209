/** Generates an apiextensions.k8s.io/v1 CustomResourceDefinition for a CRD entry of a Katalog. */
import type { CrdDeclaration } from '../load/types.ts';

const OPEN = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } as const;

function versionsOf(crd: CrdDeclaration): { name: string; storage: boolean }[] {
  const conversion = crd.entry.conversion;
  const storage = conversion?.storageVersion ?? crd.apiTypes.version;
  const names = new Set([
    crd.apiTypes.version,
    storage,
    ...(conversion?.paths.flatMap((p) => [p.from, p.to]) ?? []),
  ]);
  return [...names].sort().map((name) => ({ name, storage: name === storage }));
}

/**
 * A valid CRD manifest for an entry: every version served (one stored), the status subresource, an open
 * schema (`x-kubernetes-preserve-unknown-fields: true` for spec and status), and Ready/Age columns.
 */
export function generateCrd(crd: CrdDeclaration): Record<string, unknown> {
  const { group, kind, plural, scope } = crd.apiTypes;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { 'orkestra.orkspace.io/katalog': crd.katalog.name } },
    spec: {
      group,
      scope,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      versions: versionsOf(crd).map((v) => ({
        name: v.name,
        served: true,
        storage: v.storage,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: OPEN, status: OPEN } } },
      })),
    },
  };
}
