// The Site workload of the burst bench, self-contained: its CRD, its Katalog (a Deployment, a
// Service, a ConfigMap unless production, status phase/endpoint/readyReplicas) and its CRs.
import type { GroupVersionResource, KubeObject } from '../../src/kube/index.ts';
import { crdOf } from './kube.ts';

/** API group of the bench's Site kind. */
export const SITE_GROUP = 'runburst.bench.orkestra.dev';

/** Where Sites are served. */
export const SITES: GroupVersionResource = {
  group: SITE_GROUP,
  version: 'v1',
  resource: 'sites',
  namespaced: true,
};

/** Namespaces the Sites are spread over. */
export const SITE_NAMESPACES = Array.from({ length: 10 }, (_, i) => `bench-${i}`);

/** The Site CRD. */
export const SITE_CRD = crdOf({ group: SITE_GROUP, kind: 'Site', plural: 'sites' });

/**
 * The Site box (the value of `operatorBox`, indented for a CRD entry): a Deployment and a Service, a debug
 * ConfigMap unless production (`extraWhen` adds conditions to it), and status phase, endpoint and
 * readyReplicas (`extraStatus`: more status field lines).
 */
export function siteOperatorBox(extraWhen = '', extraStatus = ''): string {
  return `        onCreate:
          deployments:
            - name: "{{ .metadata.name }}"
              image: "{{ .spec.image }}"
              replicas: "{{ .spec.replicas }}"
              port: "{{ .spec.port }}"
              reconcile: true
          services:
            - name: "{{ .metadata.name }}"
              port: 80
              targetPort: "{{ .spec.port }}"
              reconcile: true
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}-debug"
              data: {level: debug}
              when: [{field: spec.environment, notEquals: production}${extraWhen}]
        status:
          fields:
            - path: phase
              value: '{{ ternary .spec.suspend "Suspended" "Active" }}'
            - path: endpoint
              value: "{{ .metadata.name }}.{{ .metadata.namespace }}.svc.cluster.local"
            - path: readyReplicas
              value: '{{ readyReplicas .children.deployment }}'
              type: int
${extraStatus}`;
}

/** The Site Katalog; `resync` as a duration string (e.g. "20s"). */
export function siteKatalog(resync: string, workers: number): string {
  return `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata:
  name: bench-run-burst
spec:
  crds:
    site:
      apiTypes: {group: ${SITE_GROUP}, version: v1, kind: Site, plural: sites}
      workers: ${workers}
      resync: ${resync}
      operatorBox:
${siteOperatorBox()}`;
}

/** Name and namespace of Site `i`. */
export function siteName(i: number): { name: string; namespace: string } {
  return { name: `site-${String(i).padStart(4, '0')}`, namespace: `bench-${i % 10}` };
}

/** Site `i`: replicas 2 for every 5th (else 1), production (no ConfigMap) for every 4th. */
export function siteOf(i: number): KubeObject {
  return {
    apiVersion: `${SITE_GROUP}/v1`,
    kind: 'Site',
    metadata: siteName(i),
    spec: {
      image: 'nginx:1.25',
      port: 8080,
      replicas: i % 5 === 0 ? 2 : 1,
      environment: i % 4 === 0 ? 'production' : 'staging',
    },
  };
}

/** The number of pods N Sites ask for. */
export function podsOf(count: number): number {
  let pods = 0;
  for (let i = 0; i < count; i++) pods += i % 5 === 0 ? 2 : 1;
  return pods;
}
