/**
 * The key and certificate of `tls` Secrets (spec §4.1 `tls`). Loaded only when a desired child has
 * `tls`, so an operator without such Secrets never loads the certificate code.
 *
 * A Secret's key and certificate are made once and kept: each reconcile puts the live ones back into
 * the desired Secret, so the comparison finds nothing to write. New ones are made when the Secret has
 * none, when they were made from other inputs (commonName, dnsNames, validFor, the CA: the first half
 * of the tls-hash annotation), when someone else changed them (its second half), and for renewal:
 * once less than a third of `validFor` remains, the reconcile after that point makes a new key and
 * certificate (a reconcile is requeued for that moment when it comes before the next resync).
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { KubeObject } from '../../kube/index.ts';
import { createCertificate, isSelfSigned } from '../../pki/index.ts';
import {
  ANNOTATION_TLS_HASH,
  childKey,
  describeChild,
  stampDesiredHash,
  type ChildMode,
  type DesiredChild,
  type TlsPolicy,
} from '../../resources/index.ts';
import { PendingError, TerminalError } from '../errors.ts';
import type { ClusterCache, EventSink, KeySource, TlsMaterial } from './ports.ts';
import { authorityIn, type SecretAuthority } from './tls-authority.ts';

/** Clock skew allowed to clients: a certificate's validity starts this long before it is made. */
const BACKDATE_MS = 5 * 60_000;
/** Issued materials remembered while the cache catches up, at most (a bound for CRs deleted meanwhile). */
const MAX_REMEMBERED = 1_000;
/** Changes when the way keys and certificates are made changes, so that older ones are made anew. */
const SCHEME = 'ecdsa-p256/1';
const DATA_KEYS = ['tls.crt', 'tls.key', 'ca.crt'] as const;

/** What resolving needs from the reconcile. */
export interface TlsContext {
  /** The CR the Secrets belong to (events). */
  readonly cr: KubeObject;
  readonly cache: ClusterCache;
  readonly events: EventSink;
  readonly now: () => Date;
  /**
   * Randomness; undefined: no key is made (`ork render`), the Secret is left without one and an event
   * says what the runtime would make.
   */
  readonly keys: KeySource | undefined;
  /** Material written but maybe not in the cache yet, by Secret; shared by the reconciles of a box. */
  readonly issued: Map<string, TlsMaterial>;
}

/** The desired children with their key material, and when the earliest certificate is due for renewal. */
export interface TlsResolution {
  readonly children: DesiredChild[];
  /** Milliseconds until the earliest renewal; undefined when no certificate is kept or made. */
  readonly renewInMs: number | undefined;
}

interface Resolved {
  readonly child: DesiredChild;
  readonly renewInMs?: number | undefined;
}

/**
 * Puts the key material of every `tls` Secret into its desired manifest: the live one when it still
 * holds, a new one otherwise (written even by a create-once entry).
 * @throws PendingError while a CA Secret is missing; TerminalError when it is unusable or a
 * certificate cannot be made from the entry (validFor, names)
 */
export function resolveTlsSecrets(desired: readonly DesiredChild[], context: TlsContext): TlsResolution {
  let renewInMs: number | undefined;
  const children = desired.map((child) => {
    const tls = child.secret?.tls;
    if (tls === undefined) return child;
    const resolved = resolveSecret(child, tls, context);
    if (resolved.renewInMs !== undefined) renewInMs = Math.min(renewInMs ?? Infinity, resolved.renewInMs);
    return resolved.child;
  });
  return { children, renewInMs };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function dataDigest(data: Readonly<Record<string, string>>): string {
  return digest(DATA_KEYS.map((key) => data[key] ?? '').join('\0'));
}

/** The digest of what a certificate is made from. */
function inputsDigest(tls: TlsPolicy, authority: SecretAuthority | undefined): string {
  const ca = authority?.certificate.fingerprint256 ?? null;
  return digest(JSON.stringify([SCHEME, tls.commonName, tls.dnsNames, tls.validForMs, ca]));
}

/** The usable material of a live Secret (hash and data agree, certificate readable), per cached object. */
const liveMaterial = new WeakMap<KubeObject, TlsMaterial | null>();

function readMaterial(live: KubeObject): TlsMaterial | null {
  const data = (live['data'] ?? {}) as Record<string, string>;
  const hash = live.metadata?.annotations?.[ANNOTATION_TLS_HASH];
  const crt = data['tls.crt'];
  if (hash === undefined || crt === undefined || data['tls.key'] === undefined) return null;
  const own = Object.fromEntries(DATA_KEYS.flatMap((k) => (data[k] === undefined ? [] : [[k, data[k]]])));
  if (!hash.endsWith(`.${dataDigest(own)}`)) return null;
  try {
    const notAfterMs = Date.parse(new X509Certificate(Buffer.from(crt, 'base64')).validTo);
    return Number.isNaN(notAfterMs) ? null : { data: own, hash, notAfterMs };
  } catch {
    return null;
  }
}

function materialOf(live: KubeObject | undefined): TlsMaterial | undefined {
  if (live === undefined) return undefined;
  let material = liveMaterial.get(live);
  if (material === undefined) liveMaterial.set(live, (material = readMaterial(live)));
  return material ?? undefined;
}

/** Why a Secret gets a new key and certificate, when neither the live nor the remembered material holds. */
function whyNew(live: KubeObject | undefined, inputs: string): string {
  if (live === undefined) return 'new Secret';
  const hash = live.metadata?.annotations?.[ANNOTATION_TLS_HASH];
  if (hash === undefined) return 'the Secret holds no key and certificate of the runtime';
  if (!hash.startsWith(`${inputs}.`)) return 'its commonName, dnsNames, validFor or CA changed';
  return 'its key or certificate was changed or cannot be read';
}

/** The kept material: the live Secret's, or what this box wrote and the cache does not show yet. */
function findMaterial(child: DesiredChild, inputs: string, context: TlsContext): TlsMaterial | string {
  const key = childKey(child.manifest);
  const live = context.cache.child(child.manifest);
  const current = materialOf(live);
  const remembered = context.issued.get(key);
  if (remembered !== undefined && remembered.hash === current?.hash) context.issued.delete(key);
  // What this box wrote last comes first: the cache may still show the Secret before that write.
  for (const candidate of [remembered, current]) {
    if (candidate?.hash.startsWith(`${inputs}.`) === true) return candidate;
  }
  return whyNew(live, inputs);
}

function withMaterial(child: DesiredChild, material: TlsMaterial, mode: ChildMode): DesiredChild {
  const manifest = child.manifest;
  const data = { ...(manifest['data'] as Record<string, string> | undefined), ...material.data };
  const annotations = { ...manifest.metadata?.annotations, [ANNOTATION_TLS_HASH]: material.hash };
  const filled = stampDesiredHash({ ...manifest, data, metadata: { ...manifest.metadata, annotations } });
  return { ...child, manifest: filled, mode };
}

function resolveSecret(child: DesiredChild, policy: TlsPolicy, context: TlsContext): Resolved {
  if (!(policy.validForMs > 0)) {
    throw new TerminalError(`${describeChild(child.manifest)}: tls.validFor must be longer than 0`);
  }
  // A dnsNames template that renders empty names nothing (an empty dNSName is malformed).
  const tls = { ...policy, dnsNames: policy.dnsNames.filter((name) => name !== '') };
  const authority = authorityOf(child, tls, context);
  if (authority === 'not given') {
    const reason = 'its CA Secret is not among the objects given';
    return describe({ child, tls, context, authority: undefined, reason });
  }
  const inputs = inputsDigest(tls, authority);
  const found = findMaterial(child, inputs, context);
  const nowMs = context.now().getTime();
  if (typeof found === 'string') return issue({ child, tls, context, authority, inputs, reason: found });
  const renewAtMs = found.notAfterMs - tls.validForMs / 3;
  if (nowMs < renewAtMs) {
    return { child: withMaterial(child, found, child.mode), renewInMs: renewAtMs - nowMs };
  }
  const reason = `renewal, it expires ${new Date(found.notAfterMs).toISOString()}`;
  return issue({ child, tls, context, authority, inputs, reason });
}

/**
 * The CA of the Secret, undefined when it is self-signed. Offline (no keys), a CA Secret missing from
 * the objects given is `not given`: render says what would happen instead of failing.
 */
function authorityOf(
  child: DesiredChild,
  tls: TlsPolicy,
  context: TlsContext,
): SecretAuthority | 'not given' | undefined {
  if (tls.ca === undefined) return undefined;
  try {
    return authorityIn(context.cache, child.manifest.metadata?.namespace ?? '', tls.ca.secretName);
  } catch (error) {
    if (context.keys === undefined && error instanceof PendingError) return 'not given';
    throw error;
  }
}

interface IssueRequest {
  readonly child: DesiredChild;
  readonly tls: TlsPolicy;
  readonly context: TlsContext;
  readonly authority: SecretAuthority | undefined;
  readonly reason: string;
}

/** What the certificate is, for events: `a certificate for CN=… (DNS: …), self-signed`. */
function describeCertificate(tls: TlsPolicy, caSecret: string | undefined): string {
  const dns = tls.dnsNames.length === 0 ? '' : ` (DNS: ${tls.dnsNames.join(', ')})`;
  const by = caSecret === undefined ? 'self-signed' : `signed by the CA in Secret ${caSecret}`;
  return `a certificate for CN=${tls.commonName}${dns}, ${by}`;
}

function issue(request: IssueRequest & { readonly inputs: string }): Resolved {
  const { child, tls, context, authority } = request;
  if (context.keys === undefined) return describe(request);
  const material = makeMaterial(request, context.keys);
  const key = childKey(child.manifest);
  context.issued.delete(key);
  if (context.issued.size >= MAX_REMEMBERED) context.issued.delete(context.issued.keys().next().value ?? '');
  context.issued.set(key, material);
  const what = `new key and ${describeCertificate(tls, authority?.secret)}`;
  const until = new Date(material.notAfterMs).toISOString();
  const message = `${describeChild(child.manifest)}: ${what}, valid until ${until} (${request.reason})`;
  context.events.normal(context.cr, 'CertificateIssued', message);
  const renewInMs = material.notAfterMs - tls.validForMs / 3 - context.now().getTime();
  return { child: withMaterial(child, material, 'enforce'), renewInMs };
}

/** Offline: no key is made; an event says what the runtime would put in the Secret. */
function describe(request: IssueRequest): Resolved {
  const { child, tls, context } = request;
  const ca =
    tls.ca === undefined ? undefined : `${child.manifest.metadata?.namespace ?? ''}/${tls.ca.secretName}`;
  const what = `a new ECDSA P-256 key and ${describeCertificate(tls, ca)}`;
  const made = `tls.crt, tls.key and ca.crt are made by the runtime, not here: ${what}`;
  const valid = `valid for ${formatDuration(tls.validForMs)}`;
  const message = `${describeChild(child.manifest)}: ${made}, ${valid} (${request.reason})`;
  context.events.normal(context.cr, 'CertificateNotIssued', message);
  return { child };
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  const [size, unit] = units.find(([size]) => ms % size === 0) ?? [1, 'ms'];
  return `${ms / size}${unit}`;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A new key and certificate. @throws TerminalError when the CA has expired or a name cannot be encoded */
function makeMaterial(request: IssueRequest & { readonly inputs: string }, keys: KeySource): TlsMaterial {
  const { tls, context, authority } = request;
  const now = context.now().getTime();
  if (authority !== undefined && Date.parse(authority.certificate.validTo) <= now) {
    throw new TerminalError(
      `CA Secret ${authority.secret}: its certificate expired ${authority.certificate.validTo}`,
    );
  }
  const pair = keys.newKeyPair();
  const notAfterMs = Math.floor((now + tls.validForMs) / 1000) * 1000;
  let pem: string;
  try {
    pem = createCertificate(
      {
        commonName: tls.commonName,
        dnsNames: tls.dnsNames,
        notBefore: new Date(now - BACKDATE_MS),
        notAfter: new Date(notAfterMs),
        serialNumber: keys.newSerialNumber(),
        publicKey: pair.publicKey,
      },
      authority ?? { privateKey: pair.privateKey },
    ).pem;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new TerminalError(`${describeChild(request.child.manifest)}: ${error.message}`);
  }
  const chain =
    authority === undefined || isSelfSigned(authority.certificate) ? '' : authority.chain.join('');
  const data = {
    'tls.crt': base64(pem + chain),
    'tls.key': base64(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    'ca.crt': base64(authority?.trustPem ?? pem),
  };
  return { data, hash: `${request.inputs}.${dataDigest(data)}`, notAfterMs };
}
