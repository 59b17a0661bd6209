/** deployments, statefulSets and daemonSets: selector, pod template labels, replicas, the pod spec. */
import type { WorkloadEntry } from '../../plan/index.ts';
import type { BuildScope } from './build-scope.ts';
import { compact } from './compact.ts';
import { workloadSelector } from './labels.ts';
import { buildPodSpec } from './pod.ts';
import { renderDeep, renderInt, renderText, renderTextMap } from './render-fields.ts';

function podTemplate(entry: WorkloadEntry, scope: BuildScope): Record<string, unknown> {
  const labels = {
    ...renderTextMap(entry.labels, 'labels', scope),
    ...workloadSelector(scope.origin.owner, scope.name),
  };
  return { metadata: { labels }, spec: buildPodSpec(entry, scope.name, scope) };
}

function selector(scope: BuildScope): Record<string, unknown> {
  return { matchLabels: workloadSelector(scope.origin.owner, scope.name) };
}

function replicas(entry: WorkloadEntry, scope: BuildScope): number | undefined {
  return entry.replicas === undefined ? undefined : renderInt(entry.replicas, 'replicas', scope);
}

/** Builds a Deployment's spec. `replicas` is left to the API's default (1) when the entry has none. */
export function buildDeployment(entry: WorkloadEntry, scope: BuildScope): Record<string, unknown> {
  return {
    spec: compact({
      replicas: replicas(entry, scope),
      selector: selector(scope),
      template: podTemplate(entry, scope),
    }),
  };
}

/** Builds a StatefulSet's spec; `serviceName` defaults to the StatefulSet's own name. */
export function buildStatefulSet(entry: WorkloadEntry, scope: BuildScope): Record<string, unknown> {
  return {
    spec: compact({
      replicas: replicas(entry, scope),
      serviceName: renderText(entry.serviceName ?? scope.name, 'serviceName', scope),
      selector: selector(scope),
      template: podTemplate(entry, scope),
      volumeClaimTemplates: renderDeep(entry.volumeClaimTemplates, scope),
    }),
  };
}

/** Builds a DaemonSet's spec. */
export function buildDaemonSet(entry: WorkloadEntry, scope: BuildScope): Record<string, unknown> {
  return { spec: { selector: selector(scope), template: podTemplate(entry, scope) } };
}
