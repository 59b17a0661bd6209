/** horizontalPodAutoscalers, podDisruptionBudgets and persistentVolumeClaims. */
import type {
  HorizontalPodAutoscalerEntry,
  PersistentVolumeClaimEntry,
  PodDisruptionBudgetEntry,
} from '../../plan/index.ts';
import type { BuildScope } from './build-scope.ts';
import { compact } from './compact.ts';
import { instanceLabels } from './labels.ts';
import {
  renderDeep,
  renderInt,
  renderIntOrString,
  renderRequiredText,
  renderText,
  renderTextMap,
} from './render-fields.ts';

function cpuMetric(entry: HorizontalPodAutoscalerEntry, scope: BuildScope): unknown[] | undefined {
  if (entry.targetCPUUtilizationPercentage === undefined) return undefined;
  const averageUtilization = renderInt(
    entry.targetCPUUtilizationPercentage,
    'targetCPUUtilizationPercentage',
    scope,
  );
  return [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } },
  ];
}

/** Builds an autoscaling/v2 HorizontalPodAutoscaler's spec; the target defaults to an apps/v1 Deployment. */
export function buildHorizontalPodAutoscaler(
  entry: HorizontalPodAutoscalerEntry,
  scope: BuildScope,
): Record<string, unknown> {
  const target = entry.target;
  return {
    spec: compact({
      scaleTargetRef: {
        apiVersion: target?.apiVersion ?? 'apps/v1',
        kind: target?.kind ?? 'Deployment',
        name: renderRequiredText(target?.name ?? scope.name, 'target.name', scope),
      },
      minReplicas: renderInt(entry.minReplicas ?? 1, 'minReplicas', scope),
      maxReplicas: renderInt(entry.maxReplicas, 'maxReplicas', scope),
      metrics: entry.metrics === undefined ? cpuMetric(entry, scope) : renderDeep(entry.metrics, scope),
    }),
  };
}

/** Builds a PodDisruptionBudget's spec; without `selector` it selects the CR's pods. */
export function buildPodDisruptionBudget(
  entry: PodDisruptionBudgetEntry,
  scope: BuildScope,
): Record<string, unknown> {
  const matchLabels =
    entry.selector === undefined
      ? instanceLabels(scope.origin.owner)
      : renderTextMap(entry.selector, 'selector', scope);
  const optional = (value: unknown, field: string): number | string | undefined =>
    value === undefined ? undefined : renderIntOrString(value, field, scope);
  return {
    spec: compact({
      minAvailable: optional(entry.minAvailable, 'minAvailable'),
      maxUnavailable: optional(entry.maxUnavailable, 'maxUnavailable'),
      selector: { matchLabels },
    }),
  };
}

/** Builds a PersistentVolumeClaim's spec (access modes default to ReadWriteOnce). */
export function buildPersistentVolumeClaim(
  entry: PersistentVolumeClaimEntry,
  scope: BuildScope,
): Record<string, unknown> {
  return {
    spec: compact({
      accessModes: entry.accessModes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: renderRequiredText(entry.storage, 'storage', scope) } },
      storageClassName:
        entry.storageClassName === undefined
          ? undefined
          : renderText(entry.storageClassName, 'storageClassName', scope),
    }),
  };
}
