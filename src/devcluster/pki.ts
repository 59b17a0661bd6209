/**
 * The cluster's certificates, made with openssl: a CA, the API server's serving certificate
 * (loopback and in-cluster names), an admin client certificate in group system:masters, and the
 * service-account signing key pair. EC P-256 keys: fast to make, accepted everywhere in Kubernetes.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './command.ts';
import { DevClusterError } from './errors.ts';

/** Paths of the PKI files. */
export interface Pki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
}

/** The PKI file paths inside `dir`. */
export function pkiPaths(dir: string): Pki {
  const at = (name: string) => join(dir, name);
  return {
    caCert: at('ca.crt'),
    caKey: at('ca.key'),
    serverCert: at('apiserver.crt'),
    serverKey: at('apiserver.key'),
    adminCert: at('admin.crt'),
    adminKey: at('admin.key'),
    serviceAccountKey: at('sa.key'),
    serviceAccountPub: at('sa.pub'),
  };
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'] as const;

const SERVER_NAMES =
  'IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local';

/** Creates the PKI in `dir` unless it is already there. */
export async function ensurePki(dir: string, env: NodeJS.ProcessEnv): Promise<Pki> {
  const pki = pkiPaths(dir);
  if (await exists(pki.serviceAccountPub)) return pki;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, 'server.ext'), extensions('serverAuth', SERVER_NAMES));
  await writeFile(join(dir, 'client.ext'), extensions('clientAuth'));
  for (const args of pkiSteps(pki)) await openssl(args, dir, env);
  return pki;
}

/** The openssl invocations that make the PKI, in order. */
function pkiSteps(pki: Pki): string[][] {
  const ec = [...EC_KEY];
  return [
    [
      'req',
      '-x509',
      ...ec,
      '-sha256',
      '-days',
      '3650',
      '-subj',
      '/CN=orkestra-dev-ca',
      '-keyout',
      pki.caKey,
      '-out',
      pki.caCert,
    ],
    ...signed(pki, {
      name: 'apiserver',
      subject: '/CN=kube-apiserver',
      ext: 'server.ext',
      cert: pki.serverCert,
      key: pki.serverKey,
    }),
    ...signed(pki, {
      name: 'admin',
      subject: '/O=system:masters/CN=orkestra-dev-admin',
      ext: 'client.ext',
      cert: pki.adminCert,
      key: pki.adminKey,
    }),
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', pki.serviceAccountKey],
    ['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub],
  ];
}

interface SignedCert {
  name: string;
  subject: string;
  ext: string;
  cert: string;
  key: string;
}

function signed(pki: Pki, c: SignedCert): string[][] {
  const csr = `${c.name}.csr`;
  const ec = [...EC_KEY];
  return [
    ['req', '-new', ...ec, '-subj', c.subject, '-keyout', c.key, '-out', csr],
    [
      'x509',
      '-req',
      '-sha256',
      '-days',
      '3650',
      '-in',
      csr,
      '-CA',
      pki.caCert,
      '-CAkey',
      pki.caKey,
      '-CAcreateserial',
      '-extfile',
      c.ext,
      '-out',
      c.cert,
    ],
  ];
}

function extensions(usage: string, names?: string): string {
  const lines = [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usage}`,
  ];
  if (names) lines.push(`subjectAltName=${names}`);
  return `${lines.join('\n')}\n`;
}

async function openssl(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runCommand('openssl', args, { cwd, env }).catch((error: unknown) => {
    throw new DevClusterError(
      `openssl could not run: ${String(error)}`,
      'install openssl (Debian package openssl)',
    );
  });
  if (result.code !== 0)
    throw new DevClusterError(`openssl ${args[0] ?? ''} failed:\n${result.tail.join('\n')}`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
