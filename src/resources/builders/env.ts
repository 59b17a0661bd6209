/**
 * `env` and `envFrom` (spec §4.1): the map form `{NAME: {value | secretKeyRef | configMapKeyRef | fieldRef}}`
 * or a plain scalar, and the Kubernetes list form; envFrom as names or `{name, prefix, optional}`.
 */
import { isRecord } from '../path.ts';
import type { ContainerEntry, EnvFromEntry, EnvFromRef, EnvValue, KeyRef } from '../../plan/index.ts';
import { renderDeep, renderText } from './render-fields.ts';
import type { RenderScope } from './render-fields.ts';

function keyRef(ref: KeyRef, field: string, scope: RenderScope): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: renderText(ref.name, `${field}.name`, scope),
    key: renderText(ref.key, `${field}.key`, scope),
  };
  if (ref.optional === true) out['optional'] = true;
  return out;
}

function valueFrom(value: EnvValue, field: string, scope: RenderScope): Record<string, unknown> | undefined {
  if (value.secretKeyRef !== undefined) {
    return { secretKeyRef: keyRef(value.secretKeyRef, `${field}.secretKeyRef`, scope) };
  }
  if (value.configMapKeyRef !== undefined) {
    return { configMapKeyRef: keyRef(value.configMapKeyRef, `${field}.configMapKeyRef`, scope) };
  }
  if (value.fieldRef !== undefined) return { fieldRef: { fieldPath: value.fieldRef.fieldPath } };
  return undefined;
}

function envVar(name: string, source: unknown, scope: RenderScope): Record<string, unknown> {
  const field = `env.${name}`;
  if (!isRecord(source)) return { name, value: renderText(source, field, scope) };
  const from = valueFrom(source, field, scope);
  if (from !== undefined) return { name, valueFrom: from };
  return { name, value: renderText(source['value'], `${field}.value`, scope) };
}

function listEnvVar(source: unknown, index: number, scope: RenderScope): unknown {
  if (!isRecord(source)) return renderDeep(source, scope);
  const out: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(source)) {
    // `value` is a string field: it takes the template's printed text, not its typed result.
    out[key] =
      key === 'value' ? renderText(element, `env.${index}.value`, scope) : renderDeep(element, scope);
  }
  return out;
}

/** Renders `env` into the Kubernetes list form; undefined when the entry has none. */
export function renderEnv(entry: ContainerEntry, scope: RenderScope): unknown[] | undefined {
  const env = entry.env;
  if (env === undefined) return undefined;
  if (Array.isArray(env)) return env.map((item: unknown, i) => listEnvVar(item, i, scope));
  return Object.entries(env).map(([name, source]) => envVar(name, source, scope));
}

function envFromSource(
  refKey: 'configMapRef' | 'secretRef',
  ref: EnvFromRef,
  scope: RenderScope,
): Record<string, unknown> {
  const field = `envFrom.${refKey}`;
  if (typeof ref === 'string') return { [refKey]: { name: renderText(ref, field, scope) } };
  const target: Record<string, unknown> = { name: renderText(ref.name, `${field}.name`, scope) };
  if (ref.optional === true) target['optional'] = true;
  const out: Record<string, unknown> = { [refKey]: target };
  if (ref.prefix !== undefined) out['prefix'] = renderText(ref.prefix, `${field}.prefix`, scope);
  return out;
}

function renderEnvFromEntry(item: EnvFromEntry, scope: RenderScope): Record<string, unknown> {
  if ('configMapRef' in item) return envFromSource('configMapRef', item.configMapRef, scope);
  return envFromSource('secretRef', item.secretRef, scope);
}

/** Renders `envFrom` into the Kubernetes form; undefined when the entry has none. */
export function renderEnvFrom(entry: ContainerEntry, scope: RenderScope): unknown[] | undefined {
  return entry.envFrom?.map((item) => renderEnvFromEntry(item, scope));
}
