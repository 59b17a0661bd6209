/**
 * The pinned versions of the local control plane. They key the binary cache: changing one
 * builds that component again and leaves the others cached.
 */

/** Versions of the components, as Go module versions. */
export const COMPONENT_VERSIONS = {
  /** k8s.io/kubernetes: kube-apiserver, kube-controller-manager, kube-scheduler. kubectl 1.32 is within skew. */
  kubernetes: 'v1.33.13',
  /** go.etcd.io/etcd/server/v3: the etcd that Kubernetes 1.33 pins. */
  etcd: 'v3.5.21',
  /** sigs.k8s.io/kwok: fake nodes that make pods Ready and Job pods Succeeded. */
  kwok: 'v0.7.0',
} as const;

/**
 * Every staging module that k8s.io/kubernetes requires at v0.0.0 and so must be replaced by a
 * wrapper module (1.32 added externaljwt). Replacing a module outside the graph is harmless.
 */
export const KUBERNETES_STAGING_MODULES: readonly string[] = [
  'api',
  'apiextensions-apiserver',
  'apimachinery',
  'apiserver',
  'cli-runtime',
  'client-go',
  'cloud-provider',
  'cluster-bootstrap',
  'code-generator',
  'component-base',
  'component-helpers',
  'controller-manager',
  'cri-api',
  'cri-client',
  'csi-translation-lib',
  'dynamic-resource-allocation',
  'endpointslice',
  'externaljwt',
  'kms',
  'kube-aggregator',
  'kube-controller-manager',
  'kube-proxy',
  'kube-scheduler',
  'kubectl',
  'kubelet',
  'metrics',
  'mount-utils',
  'pod-security-admission',
  'sample-apiserver',
  'sample-cli-plugin',
  'sample-controller',
];

/** The Kubernetes binaries built from the wrapper module. */
export const KUBERNETES_COMMANDS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
