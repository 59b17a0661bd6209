/** The command lines of the control-plane components (pure). */
import type { DevClusterPorts } from './ports.ts';
import type { Pki } from './pki.ts';

/** Names of the components, in start order. */
export const COMPONENT_NAMES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
] as const;

/** One of {@link COMPONENT_NAMES}. */
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** What the components' flags depend on. */
export interface ComponentContext {
  ports: DevClusterPorts;
  pki: Pki;
  kubeconfig: string;
  etcdDataDir: string;
  kwokConfig: string;
  /** The API server writes an audit log when set (`ork dev up --audit-log`). */
  audit?: AuditLogFiles | undefined;
}

/** Where the API server's audit log goes, and the policy file it reads. */
export interface AuditLogFiles {
  log: string;
  policy: string;
}

/** Service and (fake) pod address ranges. Nothing ever dials them. */
const SERVICE_CIDR = '10.96.0.0/16';
const POD_CIDR = '10.244.0.1/16';

/** The flags of a component. */
export function componentArgs(name: ComponentName, c: ComponentContext): string[] {
  switch (name) {
    case 'etcd':
      return etcdArgs(c);
    case 'kube-apiserver':
      return apiserverArgs(c);
    case 'kube-controller-manager':
      return controllerManagerArgs(c);
    case 'kube-scheduler':
      return [...clientArgs(c, c.ports.scheduler), '--leader-elect=false'];
    case 'kwok':
      return kwokArgs(c);
  }
}

function etcdArgs({ ports, etcdDataDir }: ComponentContext): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    '--name=dev0',
    `--data-dir=${etcdDataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=dev0=${peer}`,
    '--initial-cluster-state=new',
    '--unsafe-no-fsync=true', // a throwaway store: durability costs time and buys nothing here
    '--log-level=warn',
  ];
}

function apiserverArgs({ ports, pki, audit }: ComponentContext): string[] {
  return [
    ...auditArgs(audit),
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1', // else it picks a non-loopback address, or none in a sandbox
    `--secure-port=${ports.apiserver}`,
    `--tls-cert-file=${pki.serverCert}`,
    `--tls-private-key-file=${pki.serverKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    '--authorization-mode=RBAC',
    '--allow-privileged=true',
    // Pods of fake nodes need no token volume, and this removes a race on fresh namespaces.
    '--disable-admission-plugins=ServiceAccount',
    // A loopback endpoint for the `kubernetes` Service would be rejected by validation.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    '--v=1',
  ];
}

/**
 * The audit log flags: JSON lines, no rotation (a dev cluster lives minutes to days), and the log
 * backend's blocking mode (its default, made explicit), so an event is written before the response
 * goes out — a request the client saw answered is always in the log, even across a restart.
 */
function auditArgs(audit: AuditLogFiles | undefined): string[] {
  if (!audit) return [];
  return [
    `--audit-log-path=${audit.log}`,
    `--audit-policy-file=${audit.policy}`,
    '--audit-log-format=json',
    '--audit-log-mode=blocking',
    '--audit-log-maxsize=0',
  ];
}

/**
 * The client rate limit of kube-controller-manager and kube-scheduler. Their stock 20 QPS / burst 30
 * make the ReplicaSet → Pod → binding pipeline, not the operator under test, the pace of any burst
 * (1,000 Deployments take ~240 s instead of ~35 s); a loopback dev cluster needs no such protection.
 */
const CLIENT_QPS = ['--kube-api-qps=500', '--kube-api-burst=1000'];

function clientArgs({ kubeconfig }: ComponentContext, port: number): string[] {
  return [
    ...CLIENT_QPS,
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    '--v=1',
  ];
}

function controllerManagerArgs(c: ComponentContext): string[] {
  return [
    ...clientArgs(c, c.ports.controllerManager),
    '--leader-elect=false',
    '--controllers=*',
    `--root-ca-file=${c.pki.caCert}`,
    `--service-account-private-key-file=${c.pki.serviceAccountKey}`,
    `--cluster-signing-cert-file=${c.pki.caCert}`,
    `--cluster-signing-key-file=${c.pki.caKey}`,
    '--use-service-account-credentials=false',
  ];
}

function kwokArgs({ kubeconfig, kwokConfig }: ComponentContext): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--config=${kwokConfig}`,
    '--manage-all-nodes=true',
    '--node-name=localhost',
    `--cidr=${POD_CIDR}`,
    '--node-lease-duration-seconds=40',
  ];
}

/**
 * KWOK's configuration. With no Stage of its own, KWOK uses its built-in stages: nodes become
 * Ready (with a lease heartbeat), pods become Running and Ready, pods of Jobs Succeed, and deleted
 * pods are removed.
 */
export const KWOK_CONFIG =
  'apiVersion: config.kwok.x-k8s.io/v1alpha1\nkind: KwokConfiguration\noptions: {}\n';
