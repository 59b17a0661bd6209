/** jobs and cronJobs: the pod template with the CR's instance label, retries, schedule and history. */
import type { CronJobEntry, JobEntry } from '../../plan/index.ts';
import type { BuildScope } from './build-scope.ts';
import { compact } from './compact.ts';
import { instanceLabels } from './labels.ts';
import { buildPodSpec } from './pod.ts';
import { renderBool, renderInt, renderRequiredText, renderText, renderTextMap } from './render-fields.ts';

function optionalInt(value: unknown, field: string, scope: BuildScope): number | undefined {
  return value === undefined ? undefined : renderInt(value, field, scope);
}

function jobSpec(entry: JobEntry, scope: BuildScope): Record<string, unknown> {
  const labels = { ...renderTextMap(entry.labels, 'labels', scope), ...instanceLabels(scope.origin.owner) };
  const podSpec = {
    ...buildPodSpec(entry, scope.name, scope),
    restartPolicy: renderText(entry.restartPolicy ?? 'Never', 'restartPolicy', scope),
  };
  return compact({
    backoffLimit: renderInt(entry.backoffLimit ?? 3, 'backoffLimit', scope),
    ttlSecondsAfterFinished: optionalInt(entry.ttlSecondsAfterFinished, 'ttlSecondsAfterFinished', scope),
    template: { metadata: { labels }, spec: podSpec },
  });
}

/** Builds a Job's spec (backoffLimit 3, restartPolicy Never unless set). */
export function buildJob(entry: JobEntry, scope: BuildScope): Record<string, unknown> {
  return { spec: jobSpec(entry, scope) };
}

/** Builds a CronJob's spec: schedule (required), suspend, concurrency, history limits, the Job template. */
export function buildCronJob(entry: CronJobEntry, scope: BuildScope): Record<string, unknown> {
  return {
    spec: compact({
      schedule: renderRequiredText(entry.schedule, 'schedule', scope),
      suspend: renderBool(entry.suspend ?? false, 'suspend', scope),
      concurrencyPolicy: renderText(entry.concurrencyPolicy ?? 'Allow', 'concurrencyPolicy', scope),
      successfulJobsHistoryLimit: renderInt(
        entry.successfulJobsHistoryLimit ?? 3,
        'successfulJobsHistoryLimit',
        scope,
      ),
      failedJobsHistoryLimit: renderInt(entry.failedJobsHistoryLimit ?? 1, 'failedJobsHistoryLimit', scope),
      startingDeadlineSeconds: optionalInt(entry.startingDeadlineSeconds, 'startingDeadlineSeconds', scope),
      jobTemplate: { spec: jobSpec(entry, scope) },
    }),
  };
}
