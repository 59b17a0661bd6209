/** The admin kubeconfig of the dev cluster. */
import type { Pki } from './pki.ts';
import { nodeFs } from '../util/index.ts';

/** Renders a kubeconfig with inline credentials for the admin user. */
export function renderKubeconfig(server: string, pki: Pki, contextName = 'orkestra-dev'): string {
  const b64 = (path: string) => nodeFs.readFileSync(path).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${contextName}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${b64(pki.caCert)}`,
    'users:',
    `- name: ${contextName}-admin`,
    '  user:',
    `    client-certificate-data: ${b64(pki.adminCert)}`,
    `    client-key-data: ${b64(pki.adminKey)}`,
    'contexts:',
    `- name: ${contextName}`,
    '  context:',
    `    cluster: ${contextName}`,
    `    user: ${contextName}-admin`,
    `current-context: ${contextName}`,
    '',
  ].join('\n');
}
