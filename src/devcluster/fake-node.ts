/** The fake nodes KWOK manages: no taints, so any pod can be scheduled there. */

/** The manifest of fake node number `index`. */
export function fakeNode(index: number): Record<string, unknown> {
  const name = `kwok-node-${index}`;
  const resources = { cpu: '32', memory: '256Gi', pods: '250' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        type: 'kwok',
      },
    },
    status: { allocatable: resources, capacity: resources },
  };
}
