/**
 * The container shorthand → a container and the pod spec around it (workloads, Jobs, CronJobs).
 */
import type { ContainerEntry, ContainerPortEntry } from '../../plan/index.ts';
import { compact } from './compact.ts';
import { renderEnv, renderEnvFrom } from './env.ts';
import { renderDeep, renderInt, renderRequiredText, renderText } from './render-fields.ts';
import type { RenderScope } from './render-fields.ts';
import { renderTextMap } from './render-fields.ts';

function renderPorts(entry: ContainerEntry, scope: RenderScope): unknown[] | undefined {
  if (entry.ports !== undefined) {
    return entry.ports.map((port: ContainerPortEntry, i) =>
      compact({
        name: port.name === undefined ? undefined : renderText(port.name, `ports.${i}.name`, scope),
        containerPort: renderInt(port.containerPort, `ports.${i}.containerPort`, scope),
        protocol: port.protocol ?? 'TCP',
      }),
    );
  }
  if (entry.port === undefined) return undefined;
  return [{ containerPort: renderInt(entry.port, 'port', scope), protocol: 'TCP' }];
}

function renderQuantities(
  map: Readonly<Record<string, unknown>> | undefined,
  field: string,
  scope: RenderScope,
): Record<string, string> | undefined {
  return map === undefined ? undefined : renderTextMap(map, field, scope);
}

function renderResources(entry: ContainerEntry, scope: RenderScope): Record<string, unknown> | undefined {
  if (entry.resources === undefined) return undefined;
  return compact({
    requests: renderQuantities(entry.resources.requests, 'resources.requests', scope),
    limits: renderQuantities(entry.resources.limits, 'resources.limits', scope),
  });
}

function renderList(list: readonly string[] | undefined, field: string, scope: RenderScope): unknown {
  return list?.map((item, i) => renderText(item, `${field}.${i}`, scope));
}

/** Makes a child name usable as a container name (a DNS label: no dots, at most 63 characters). */
export function toContainerName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 63)
      .replace(/^-+|-+$/g, '') || 'main'
  );
}

/** Builds the single container of a workload, Job or CronJob. */
export function buildContainer(
  entry: ContainerEntry,
  name: string,
  scope: RenderScope,
): Record<string, unknown> {
  const probes = entry.probes;
  return compact({
    name: toContainerName(name),
    image: renderRequiredText(entry.image, 'image', scope),
    command: renderList(entry.command, 'command', scope),
    args: renderList(entry.args, 'args', scope),
    ports: renderPorts(entry, scope),
    env: renderEnv(entry, scope),
    envFrom: renderEnvFrom(entry, scope),
    resources: renderResources(entry, scope),
    livenessProbe: renderDeep(probes?.liveness, scope),
    readinessProbe: renderDeep(probes?.readiness, scope),
    startupProbe: renderDeep(probes?.startup, scope),
    securityContext: renderDeep(entry.securityContext, scope),
    volumeMounts: renderDeep(entry.volumeMounts, scope),
  });
}

function renderPullSecrets(entry: ContainerEntry, scope: RenderScope): unknown[] | undefined {
  return entry.imagePullSecrets?.map((secret, i) => ({
    name: renderText(typeof secret === 'string' ? secret : secret.name, `imagePullSecrets.${i}`, scope),
  }));
}

/** Builds the pod spec: the container plus service account, node selector, tolerations, volumes, secrets. */
export function buildPodSpec(
  entry: ContainerEntry,
  name: string,
  scope: RenderScope,
): Record<string, unknown> {
  return compact({
    containers: [buildContainer(entry, name, scope)],
    serviceAccountName:
      entry.serviceAccountName === undefined
        ? undefined
        : renderText(entry.serviceAccountName, 'serviceAccountName', scope),
    nodeSelector:
      entry.nodeSelector === undefined ? undefined : renderTextMap(entry.nodeSelector, 'nodeSelector', scope),
    tolerations: renderDeep(entry.tolerations, scope),
    volumes: renderDeep(entry.volumes, scope),
    imagePullSecrets: renderPullSecrets(entry, scope),
  });
}
