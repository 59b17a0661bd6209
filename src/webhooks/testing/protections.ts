/** For the protections' tests: the Plans and security of a Katalog given as text, compiled as `ork run` does. */
import assert from 'node:assert/strict';
import { compileKatalog, compileSecurity, loadKatalog } from '../../katalog/index.ts';
import type { Plan, SecurityPlan } from '../../plan/index.ts';
import type { AdmissionRequest } from '../reviews.ts';

/** A Katalog `protections` of a namespaced Website and a cluster-scoped Tenant, with `security`. */
export function katalogText(security: string): string {
  return `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: protections}
spec:
  crds:
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website, plural: websites}
    tenant:
      apiTypes: {group: tenants.demo.io, version: v1, kind: Tenant, plural: tenants, scope: Cluster}
security:
${security}`;
}

/** The Plans and the security of the Katalog. */
export async function compiled(text: string): Promise<{ plans: readonly Plan[]; security: SecurityPlan }> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(text) });
  assert.ok(loaded.katalog !== undefined, JSON.stringify(loaded.diagnostics));
  return { plans: compileKatalog(loaded.katalog), security: compileSecurity(loaded.katalog) };
}

/** An admission request with the given fields over a DELETE of a ConfigMap `a` in `ns`. */
export function request(fields: Partial<AdmissionRequest>): AdmissionRequest {
  return {
    uid: 'u-1',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    resource: { group: '', version: 'v1', resource: 'configmaps' },
    name: 'a',
    namespace: 'ns',
    operation: 'DELETE',
    ...fields,
  };
}
