/**
 * The CA of a `tls` Secret (`tls.ca.secretName`): a kubernetes.io/tls Secret in the namespace of the
 * Secret it signs, read from the box's cache of such Secrets (never from the API), parsed once per
 * version of it.
 */
import type { KubeObject } from '../../kube/index.ts';
import { CertificateAuthorityError, readAuthority, type CertificateAuthority } from '../../pki/index.ts';
import { PendingError, TerminalError } from '../errors.ts';
import type { ClusterCache } from './ports.ts';

/** A CA read from its Secret. */
export interface SecretAuthority extends CertificateAuthority {
  /** `namespace/name` of the Secret. */
  readonly secret: string;
  /** What clients should trust, as PEM: the Secret's `ca.crt`, else the last certificate of `tls.crt`. */
  readonly trustPem: string;
}

/** Parsed CA Secrets, by cached object: a new version of the Secret is a new object. */
const parsed = new WeakMap<KubeObject, SecretAuthority | { readonly error: string }>();

function decoded(secret: KubeObject, key: string): string {
  const data = secret['data'] as Record<string, string> | undefined;
  return Buffer.from(data?.[key] ?? '', 'base64').toString('utf8');
}

function parse(secret: KubeObject, where: string): SecretAuthority | { readonly error: string } {
  try {
    const authority = readAuthority(decoded(secret, 'tls.crt'), decoded(secret, 'tls.key'));
    const trust = decoded(secret, 'ca.crt');
    const last = authority.chain[authority.chain.length - 1] ?? '';
    return { ...authority, secret: where, trustPem: trust.includes('-----BEGIN') ? trust : last };
  } catch (error) {
    if (!(error instanceof CertificateAuthorityError)) throw error;
    return { error: `CA Secret ${where}: ${error.message}` };
  }
}

/**
 * The CA in Secret `namespace/name`.
 * @throws PendingError while the Secret is not there (its creation re-enqueues the CR); TerminalError
 * when it holds no usable CA (fixing it re-enqueues the CR)
 */
export function authorityIn(cache: ClusterCache, namespace: string, name: string): SecretAuthority {
  const where = `${namespace}/${name}`;
  const secret = cache.secret(namespace, name);
  if (secret === undefined) throw new PendingError(`waiting for the CA Secret ${where}`);
  let authority = parsed.get(secret);
  if (authority === undefined) parsed.set(secret, (authority = parse(secret, where)));
  if ('error' in authority) throw new TerminalError(authority.error);
  return authority;
}
