/**
 * Workloads roll when a Secret they use changes (spec §4.1 `rotateAfter`): the pod template of every
 * Deployment, StatefulSet and DaemonSet of a CR that uses one of the CR's own Secrets — an env
 * `secretKeyRef`, an `envFrom` `secretRef`, a `secret` volume or a projected one, in a container or an
 * init container — carries annotation `orkestra.orkspace.io/secrets-hash`: a digest of the names and
 * data of those Secrets. New values change the pod template, and Kubernetes rolls the pods.
 *
 * One annotation for all of a pod's Secrets (not one per Secret: a Secret's name may be longer than an
 * annotation key's 63 characters). Jobs and CronJobs are left alone: a Job is never updated, and a
 * CronJob's next Job reads the Secret when it starts. Secrets that are not the CR's own are not hashed
 * (the runtime does not watch them).
 */
import { hash } from 'node:crypto';
import { stampDesiredHash } from '../compare/desired-hash.ts';
import { isRecord } from '../path.ts';
import type { Manifest } from '../types.ts';
import type { DesiredChild } from './render-group.ts';

/** On pod templates: a digest of the data of the CR's Secrets the pods use. */
export const ANNOTATION_SECRETS_HASH = 'orkestra.orkspace.io/secrets-hash';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function nameAt(value: unknown, key: string): string[] {
  return isRecord(value) && typeof value[key] === 'string' ? [value[key]] : [];
}

function containerSecrets(container: Record<string, unknown>): string[] {
  const fromEnv = records(container['env']).flatMap((env) =>
    nameAt(isRecord(env['valueFrom']) ? env['valueFrom']['secretKeyRef'] : undefined, 'name'),
  );
  const fromEnvFrom = records(container['envFrom']).flatMap((from) => nameAt(from['secretRef'], 'name'));
  return [...fromEnv, ...fromEnvFrom];
}

function volumeSecrets(volume: Record<string, unknown>): string[] {
  const projected = isRecord(volume['projected']) ? records(volume['projected']['sources']) : [];
  return [
    ...nameAt(volume['secret'], 'secretName'),
    ...projected.flatMap((source) => nameAt(source['secret'], 'name')),
  ];
}

/** The names of the Secrets a pod spec uses (env, envFrom, volumes), each once. */
export function podSecretNames(podSpec: unknown): Set<string> {
  if (!isRecord(podSpec)) return new Set();
  const containers = [...records(podSpec['initContainers']), ...records(podSpec['containers'])];
  return new Set([
    ...containers.flatMap(containerSecrets),
    ...records(podSpec['volumes']).flatMap(volumeSecrets),
  ]);
}

function secretKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** The digest of one Secret's data, key order ignored. */
function dataDigest(data: unknown): string {
  const entries = isRecord(data) ? Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)) : [];
  return hash('sha256', JSON.stringify(entries), 'hex');
}

function withSecretsHash(manifest: Manifest, digest: string): Manifest {
  const spec = manifest['spec'] as Record<string, unknown>;
  const template = spec['template'] as Record<string, unknown>;
  const metadata = (template['metadata'] ?? {}) as Record<string, unknown>;
  const annotations = { ...(metadata['annotations'] as Record<string, string> | undefined) };
  annotations[ANNOTATION_SECRETS_HASH] = digest;
  const next = { ...template, metadata: { ...metadata, annotations } };
  return stampDesiredHash({ ...manifest, spec: { ...spec, template: next } });
}

function stampConsumer(child: DesiredChild, secrets: ReadonlyMap<string, string>): DesiredChild {
  const manifest = child.manifest;
  if (!WORKLOAD_KINDS.has(manifest.kind ?? '')) return child;
  const spec = manifest['spec'];
  const template = isRecord(spec) ? spec['template'] : undefined;
  if (!isRecord(template)) return child;
  const namespace = manifest.metadata?.namespace;
  const used = [...podSecretNames(template['spec'])].sort().flatMap((name) => {
    const digest = secrets.get(secretKey(namespace, name));
    return digest === undefined ? [] : [[name, digest]];
  });
  if (used.length === 0) return child;
  const digest = hash('sha256', JSON.stringify(used), 'hex').slice(0, 16);
  return { ...child, manifest: withSecretsHash(manifest, digest) };
}

/**
 * Stamps {@link ANNOTATION_SECRETS_HASH} on the pod template of each workload that uses one of the
 * Secrets among the children, from those Secrets' data as given (the caller puts the live values of
 * kept Secrets there). The children as they are when there is no Secret among them.
 */
export function stampSecretConsumers(children: readonly DesiredChild[]): readonly DesiredChild[] {
  const secrets = new Map<string, string>();
  for (const child of children) {
    const manifest = child.manifest;
    if (manifest.kind !== 'Secret' || manifest.apiVersion !== 'v1') continue;
    secrets.set(
      secretKey(manifest.metadata?.namespace, manifest.metadata?.name ?? ''),
      dataDigest(manifest['data']),
    );
  }
  if (secrets.size === 0) return children;
  return children.map((child) => stampConsumer(child, secrets));
}
