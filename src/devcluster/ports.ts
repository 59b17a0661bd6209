/** The loopback ports of the dev cluster, and the check that they are free before starting. */
import { createServer } from 'node:net';
import { DevClusterError } from './errors.ts';

/** Ports of the components, all on 127.0.0.1. */
export interface DevClusterPorts {
  apiserver: number;
  etcdClient: number;
  etcdPeer: number;
  controllerManager: number;
  scheduler: number;
}

/** The default base port; the others follow it. Chosen away from common services and other tools' defaults. */
export const DEFAULT_PORT_BASE = 16443;

/** The ports for a base port: API server on the base itself, the others right after it. */
export function portsFrom(base: number): DevClusterPorts {
  return {
    apiserver: base,
    controllerManager: base + 1,
    scheduler: base + 2,
    etcdClient: base + 3,
    etcdPeer: base + 4,
  };
}

/** Throws a DevClusterError naming the first port that is taken. */
export async function requireFreePorts(ports: DevClusterPorts): Promise<void> {
  for (const [component, port] of Object.entries(ports) as [string, number][]) {
    if (!(await isFree(port))) {
      throw new DevClusterError(
        `port ${port} on 127.0.0.1 (for ${component}) is already in use by another process`,
        `stop that process, or choose other ports with \`ork dev up --port-base <n>\` (uses n to n+4)`,
      );
    }
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}
