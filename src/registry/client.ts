/**
 * A client of the OCI distribution API for one repository: the authentication dance (a 401's
 * `WWW-Authenticate`: Basic, or Bearer with a token from the realm for the repository's scope),
 * monolithic blob uploads (POST, then PUT with the digest), manifests by tag or digest, and digest
 * verification of everything it reads. Every error is a RegistryError naming the reference.
 */
import { createHash } from 'node:crypto';
import type { Credentials } from './credentials.ts';
import { RegistryError } from './errors.ts';
import {
  PROGRESS_THRESHOLD_BYTES,
  progressMeter,
  type ProgressMeter,
  type ProgressWriter,
} from './progress.ts';
import { formatReference, type Reference } from './reference.ts';
import type { Transport } from './transport.ts';
import { parseChallenge, type Challenge } from './www-authenticate.ts';

/** How the client reaches and authenticates to the registry. */
export interface ClientOptions {
  readonly transport: Transport;
  readonly credentials?: Credentials;
  /** http:// instead of https:// (a registry on loopback without TLS). */
  readonly plainHttp?: boolean;
  /** Where progress lines of blobs over {@link PROGRESS_THRESHOLD_BYTES} go; none when absent. */
  readonly progress?: ProgressWriter;
}

/** A descriptor (OCI content descriptor). */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A manifest as read: its bytes, media type and digest. */
export interface FetchedManifest {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  readonly digest: string;
}

/** The sha256 digest of `bytes`, as `sha256:<hex>`. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

interface Call {
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array;
  /** Told the bytes of the body sent so far. */
  readonly onSent?: (bytes: number) => void;
}

/** The client of one repository of one registry. */
export class RegistryClient {
  private authorization: string | undefined;
  private readonly base: string;
  private readonly name: string;

  readonly ref: Reference;
  private readonly options: ClientOptions;
  private readonly actions: 'pull' | 'pull,push';

  constructor(ref: Reference, options: ClientOptions, actions: 'pull' | 'pull,push') {
    this.ref = ref;
    this.options = options;
    this.actions = actions;
    this.base = `${options.plainHttp ? 'http' : 'https'}://${ref.registry}`;
    this.name = formatReference(ref);
  }

  /** Whether the registry has the blob already (a push skips it then). */
  async hasBlob(digest: string): Promise<boolean> {
    const res = await this.send({ method: 'HEAD', url: this.url(`blobs/${digest}`) });
    if (res.status === 404) return false;
    await this.expect(res, [200], `checking blob ${digest}`);
    return true;
  }

  /** Uploads a blob in one request after opening the upload session. */
  async pushBlob(digest: string, bytes: Uint8Array): Promise<void> {
    if (await this.hasBlob(digest)) return;
    const opened = await this.send({ method: 'POST', url: this.url('blobs/uploads/') });
    await this.expect(opened, [202], `starting the upload of ${digest}`);
    const location = opened.headers.get('location');
    if (location === null) throw this.fail('protocol', 'the registry opened an upload without a Location');
    const upload = new URL(location, this.base);
    upload.searchParams.set('digest', digest);
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.byteLength),
    };
    const meter = this.meter('pushing', digest, bytes.byteLength);
    const sent =
      meter === undefined
        ? {}
        : {
            onSent: (n: number) => {
              meter.update(n);
            },
          };
    const put = await this.send({ method: 'PUT', url: upload.href, headers, body: bytes, ...sent });
    await this.expect(put, [201], `uploading ${digest}`);
    meter?.finish();
  }

  /**
   * Stores a manifest under a tag (or its digest); resolves to its digest, and whether the registry
   * said it indexed the manifest's subject (`OCI-Subject`: it serves the referrers API).
   */
  async putManifest(
    selector: string,
    mediaType: string,
    bytes: Uint8Array,
  ): Promise<{ digest: string; subjectIndexed: boolean }> {
    const headers = { 'content-type': mediaType };
    const res = await this.send({
      method: 'PUT',
      url: this.url(`manifests/${selector}`),
      headers,
      body: bytes,
    });
    await this.expect(res, [201], 'storing the manifest');
    const digest = sha256Digest(bytes);
    const told = res.headers.get('docker-content-digest');
    if (told !== null && told !== digest) {
      throw this.fail('digest-mismatch', `the registry stored the manifest as ${told}, expected ${digest}`);
    }
    return { digest, subjectIndexed: res.headers.get('oci-subject') !== null };
  }

  /** The descriptor of a manifest (media type, digest, size), from a HEAD. */
  async headManifest(selector: string): Promise<Descriptor> {
    const res = await this.send({
      method: 'HEAD',
      url: this.url(`manifests/${selector}`),
      headers: { accept: MANIFEST_TYPES },
    });
    await this.expect(res, [200], 'reading the manifest');
    const digest = res.headers.get('docker-content-digest');
    const size = Number(res.headers.get('content-length'));
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (digest === null || !Number.isInteger(size) || mediaType === '') {
      const manifest = await this.getManifest(selector);
      return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.byteLength };
    }
    return { mediaType, digest, size };
  }

  /**
   * The referrers API (`GET /v2/<name>/referrers/<digest>`): the index of the manifests whose subject
   * is `digest`, filtered by artifact type; undefined when the registry does not serve it (404, 405).
   */
  async getReferrers(digest: string, artifactType: string): Promise<Uint8Array | undefined> {
    const url = `${this.url(`referrers/${digest}`)}?artifactType=${encodeURIComponent(artifactType)}`;
    const res = await this.send({
      method: 'GET',
      url,
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
    });
    if (res.status === 404 || res.status === 405) {
      await res.body?.cancel();
      return undefined;
    }
    await this.expect(res, [200], 'reading the referrers');
    return new Uint8Array(await res.arrayBuffer());
  }

  /** Reads a manifest by tag or digest and checks its digest (against the pinned one or the registry's). */
  async getManifest(selector: string): Promise<FetchedManifest> {
    const res = await this.send({
      method: 'GET',
      url: this.url(`manifests/${selector}`),
      headers: { accept: MANIFEST_TYPES },
    });
    await this.expect(res, [200], 'reading the manifest');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const digest = sha256Digest(bytes);
    const expected = selector.startsWith('sha256:') ? selector : res.headers.get('docker-content-digest');
    if (expected !== null && expected !== digest) {
      throw this.fail('digest-mismatch', `manifest digest mismatch: expected ${expected}, got ${digest}`);
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    return { bytes, mediaType, digest };
  }

  /**
   * The digest a tag names now: the registry's `Docker-Content-Digest` of a HEAD, else the digest of
   * the manifest read in full (a registry need not send the header on a HEAD).
   */
  async resolveDigest(selector: string): Promise<string> {
    const res = await this.send({
      method: 'HEAD',
      url: this.url(`manifests/${selector}`),
      headers: { accept: MANIFEST_TYPES },
    });
    await this.expect(res, [200], 'resolving the manifest');
    const told = res.headers.get('docker-content-digest');
    if (told !== null && /^sha256:[a-f0-9]{64}$/.test(told)) return told;
    return (await this.getManifest(selector)).digest;
  }

  /** Reads a blob and checks its size and digest against the descriptor. */
  async getBlob(descriptor: Descriptor): Promise<Uint8Array> {
    const res = await this.send({ method: 'GET', url: this.url(`blobs/${descriptor.digest}`) });
    await this.expect(res, [200], `reading blob ${descriptor.digest}`);
    const meter = this.meter('pulling', descriptor.digest, descriptor.size);
    const bytes =
      meter === undefined ? new Uint8Array(await res.arrayBuffer()) : await readMetered(res, meter);
    const digest = sha256Digest(bytes);
    if (digest !== descriptor.digest || bytes.byteLength !== descriptor.size) {
      throw this.fail(
        'digest-mismatch',
        `blob digest mismatch: expected ${descriptor.digest} (${String(descriptor.size)} bytes), got ${digest} (${String(bytes.byteLength)} bytes)`,
      );
    }
    return bytes;
  }

  /** A meter for a blob large enough to show progress, when progress is asked for. */
  private meter(verb: string, digest: string, size: number): ProgressMeter | undefined {
    const write = this.options.progress;
    if (write === undefined || size <= PROGRESS_THRESHOLD_BYTES) return undefined;
    return progressMeter({ label: `${verb} ${digest.slice(0, 19)}…`, total: size, write });
  }

  private url(path: string): string {
    return `${this.base}/v2/${this.ref.repository}/${path}`;
  }

  /** Sends a call; on a 401, answers the challenge once and sends it again. */
  private async send(call: Call): Promise<Response> {
    const first = await this.raw(call);
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers.get('www-authenticate'));
    await first.body?.cancel();
    if (challenge === undefined)
      throw this.fail('unauthorized', 'unauthorized (401) and the registry sent no challenge');
    this.authorization = await this.answer(challenge);
    const second = await this.raw(call);
    if (second.status === 401) {
      await second.body?.cancel();
      throw this.unauthorized();
    }
    return second;
  }

  private async raw(call: Call): Promise<Response> {
    const headers = {
      ...call.headers,
      ...(this.authorization === undefined ? {} : { authorization: this.authorization }),
    };
    try {
      return await this.options.transport(call.url, {
        method: call.method,
        headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        ...(call.onSent === undefined ? {} : { onSent: call.onSent }),
      });
    } catch (error) {
      throw this.fail(
        'unreachable',
        `registry ${this.ref.registry} unreachable: ${describeNetworkError(error)}`,
        error,
      );
    }
  }

  private async answer(challenge: Challenge): Promise<string> {
    const creds = this.options.credentials;
    const basic =
      creds === undefined
        ? undefined
        : `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
    if (challenge.scheme === 'basic') {
      if (basic === undefined)
        throw this.fail('unauthorized', 'the registry asks for a user name and password and none were given');
      return basic;
    }
    if (challenge.scheme !== 'bearer')
      throw this.fail('unauthorized', `unsupported authentication scheme ${challenge.scheme}`);
    return `Bearer ${await this.token(challenge, basic)}`;
  }

  /** A token from the challenge's realm for this repository's scope (with Basic credentials when there are some). */
  private async token(challenge: Challenge, basic: string | undefined): Promise<string> {
    const url = this.tokenUrl(challenge);
    let res: Response;
    try {
      res = await this.options.transport(url.href, {
        method: 'GET',
        headers: basic === undefined ? {} : { authorization: basic },
      });
    } catch (error) {
      throw this.fail(
        'unreachable',
        `token service ${url.host} unreachable: ${describeNetworkError(error)}`,
        error,
      );
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw this.unauthorized();
    }
    await this.expect(res, [200], 'getting a token');
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (token === undefined || token === '')
      throw this.fail('unauthorized', 'the token service answered no token');
    return token;
  }

  private tokenUrl(challenge: Challenge): URL {
    const realm = challenge.params['realm'];
    if (realm === undefined)
      throw this.fail('unauthorized', 'the registry sent a Bearer challenge without a realm');
    const url = new URL(realm);
    const service = challenge.params['service'];
    if (service !== undefined) url.searchParams.set('service', service);
    url.searchParams.set(
      'scope',
      challenge.params['scope'] ?? `repository:${this.ref.repository}:${this.actions}`,
    );
    return url;
  }

  private unauthorized(): RegistryError {
    const who =
      this.options.credentials === undefined
        ? 'no credentials given'
        : `user ${this.options.credentials.username}`;
    return this.fail('unauthorized', `authentication failed (401 Unauthorized, ${who})`);
  }

  /** Throws a RegistryError for any status not in `ok`, with the registry's error code when it sent one. */
  private async expect(res: Response, ok: readonly number[], doing: string): Promise<void> {
    if (ok.includes(res.status)) return;
    const code = await errorCode(res);
    if (res.status === 404) {
      const what =
        code === 'MANIFEST_UNKNOWN' || code === undefined
          ? 'not found'
          : code.toLowerCase().replace(/_/g, ' ');
      throw this.fail('not-found', `${what} (404${code === undefined ? '' : ` ${code}`}) while ${doing}`);
    }
    if (res.status === 401 || res.status === 403)
      throw this.fail(
        'unauthorized',
        `access denied (${String(res.status)}${code === undefined ? '' : ` ${code}`}) while ${doing}`,
      );
    throw this.fail(
      'protocol',
      `unexpected ${String(res.status)}${code === undefined ? '' : ` ${code}`} while ${doing}`,
    );
  }

  private fail(kind: RegistryError['kind'], message: string, cause?: unknown): RegistryError {
    return new RegistryError(kind, `${this.name}: ${message}`, cause === undefined ? undefined : { cause });
  }
}

/** A response's body, read chunk by chunk with the meter told each; finished at the end. */
async function readMetered(res: Response, meter: ProgressMeter): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let done = 0;
  const reader = (res.body as ReadableStream<Uint8Array> | null)?.getReader();
  for (let next = await reader?.read(); next !== undefined && !next.done; next = await reader?.read()) {
    chunks.push(next.value);
    done += next.value.byteLength;
    meter.update(done);
  }
  meter.finish();
  return new Uint8Array(Buffer.concat(chunks));
}

async function errorCode(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.json()) as { errors?: { code?: string }[] };
    return body.errors?.[0]?.code;
  } catch {
    return undefined;
  }
}

/** The system error under a fetch failure (ECONNREFUSED, ENOTFOUND, a certificate error). */
function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return String(error);
  const code = (current as NodeJS.ErrnoException).code;
  return code === undefined || current.message.includes(code)
    ? current.message
    : `${code} ${current.message}`;
}
