/**
 * A tiny token server for the registry's `auth: token` mode, as Docker's token protocol describes it:
 * `GET /token?service=…&scope=repository:<name>:<actions>` with Basic credentials answers
 * `{"token": <JWT>}`, a JWT signed ES256 by a key made here (node:crypto) whose public half the
 * registry trusts through a JWKS file. Wrong credentials get a 401. HTTPS with the registry's own
 * certificate, so the client's CA covers both. It counts the tokens it issued, for tests to check
 * the Bearer dance really happened.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { freePort } from '../e2e/ork-process.ts';

/** A running token server. */
export interface TokenServer {
  /** The realm the registry's challenge names: `https://127.0.0.1:<port>/token`. */
  readonly realm: string;
  readonly issuer: string;
  readonly jwksFile: string;
  /** How many tokens it has issued. */
  issued(): number;
  stop(): Promise<void>;
}

interface TokenServerOptions {
  readonly dir: string;
  readonly username: string;
  readonly password: string;
  readonly service: string;
  readonly tls: { readonly cert: string; readonly key: string };
}

const KID = 'orkestra-test-key';
const ISSUER = 'orkestra-test-issuer';

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** `repository:a/b:pull,push` → the access claim granting exactly what was asked. */
function accessOf(scopes: readonly string[]) {
  return scopes.map((scope) => {
    const parts = scope.split(':');
    const actions = parts.pop() ?? '';
    const [type = '', ...name] = parts;
    return { type, name: name.join(':'), actions: actions.split(',').filter((a) => a !== '') };
  });
}

function jwt(key: KeyObject, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: KID }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${base64url(signature)}`;
}

/** Starts the token server; its JWKS file is written into `dir`. */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwksFile = join(options.dir, 'jwks.json');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'ES256' };
  await writeFile(jwksFile, JSON.stringify({ keys: [jwk] }));
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  let issued = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    if (url.pathname !== '/token' || req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const token = jwt(privateKey, {
      iss: ISSUER,
      sub: options.username,
      aud: url.searchParams.get('service') ?? options.service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: createHash('sha256').update(randomUUID()).digest('hex').slice(0, 16),
      access: accessOf(url.searchParams.getAll('scope')),
    });
    issued += 1;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, expires_in: 300 }));
  };
  const [cert, key, port] = await Promise.all([
    readFile(options.tls.cert),
    readFile(options.tls.key),
    freePort(),
  ]);
  const server: Server = createServer({ cert, key }, handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    realm: `https://127.0.0.1:${String(port)}/token`,
    issuer: ISSUER,
    jwksFile,
    issued: () => issued,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
