/** ingresses (a single host/path shorthand or full rules) and networkPolicies. */
import type { IngressEntry, NetworkPolicyEntry } from '../../plan/index.ts';
import type { BuildScope } from './build-scope.ts';
import { compact } from './compact.ts';
import { instanceLabels } from './labels.ts';
import { renderDeep, renderIntOrString, renderText, renderTextMap } from './render-fields.ts';

function backendPort(entry: IngressEntry, scope: BuildScope): Record<string, unknown> {
  const port = renderIntOrString(entry.servicePort ?? 80, 'servicePort', scope);
  return typeof port === 'number' ? { number: port } : { name: port };
}

function shorthandRule(entry: IngressEntry, scope: BuildScope): Record<string, unknown> {
  const path = {
    path: renderText(entry.path ?? '/', 'path', scope),
    pathType: entry.pathType ?? 'Prefix',
    backend: {
      service: {
        name: renderText(entry.serviceName ?? scope.name, 'serviceName', scope),
        port: backendPort(entry, scope),
      },
    },
  };
  return compact({
    host: entry.host === undefined ? undefined : renderText(entry.host, 'host', scope),
    http: { paths: [path] },
  });
}

/** Builds an Ingress's spec: `rules` as given, or one rule from host/path/serviceName/servicePort. */
export function buildIngress(entry: IngressEntry, scope: BuildScope): Record<string, unknown> {
  return {
    spec: compact({
      ingressClassName:
        entry.ingressClassName === undefined
          ? undefined
          : renderText(entry.ingressClassName, 'ingressClassName', scope),
      rules: entry.rules === undefined ? [shorthandRule(entry, scope)] : renderDeep(entry.rules, scope),
      tls: renderDeep(entry.tls, scope),
    }),
  };
}

/** Builds a NetworkPolicy's spec; without `podSelector` it selects the CR's pods. */
export function buildNetworkPolicy(entry: NetworkPolicyEntry, scope: BuildScope): Record<string, unknown> {
  const matchLabels =
    entry.podSelector === undefined
      ? instanceLabels(scope.origin.owner)
      : renderTextMap(entry.podSelector, 'podSelector', scope);
  return {
    spec: compact({
      podSelector: { matchLabels },
      policyTypes: entry.policyTypes,
      ingress: renderDeep(entry.ingress, scope),
      egress: renderDeep(entry.egress, scope),
    }),
  };
}
