/** services: ports (shorthand or list), type, headless, and the default selector (the CR's pods). */
import type { ServiceEntry, ServicePortEntry } from '../../plan/index.ts';
import type { BuildScope } from './build-scope.ts';
import { compact } from './compact.ts';
import { instanceLabels } from './labels.ts';
import { renderInt, renderIntOrString, renderText, renderTextMap } from './render-fields.ts';

function renderPort(port: ServicePortEntry, field: string, scope: BuildScope): Record<string, unknown> {
  const number = renderInt(port.port, `${field}.port`, scope);
  return compact({
    name: port.name === undefined ? undefined : renderText(port.name, `${field}.name`, scope),
    port: number,
    targetPort:
      port.targetPort === undefined
        ? number
        : renderIntOrString(port.targetPort, `${field}.targetPort`, scope),
    protocol: port.protocol ?? 'TCP',
    nodePort: port.nodePort === undefined ? undefined : renderInt(port.nodePort, `${field}.nodePort`, scope),
  });
}

function renderPorts(entry: ServiceEntry, scope: BuildScope): unknown[] | undefined {
  if (entry.ports !== undefined) return entry.ports.map((port, i) => renderPort(port, `ports.${i}`, scope));
  if (entry.port === undefined) return undefined;
  return [renderPort({ port: entry.port, targetPort: entry.targetPort }, 'port', scope)];
}

/**
 * Builds a Service's spec. Without `selector` it selects every pod of the CR's workloads
 * (`orkestra.orkspace.io/instance: <cr-name>`); `headless` sets `clusterIP: None`.
 */
export function buildService(entry: ServiceEntry, scope: BuildScope): Record<string, unknown> {
  const selector =
    entry.selector === undefined
      ? instanceLabels(scope.origin.owner)
      : renderTextMap(entry.selector, 'selector', scope);
  return {
    spec: compact({
      type: renderText(entry.type ?? 'ClusterIP', 'type', scope),
      clusterIP: entry.headless === true ? 'None' : undefined,
      selector,
      ports: renderPorts(entry, scope),
    }),
  };
}
