/**
 * A real OCI registry for the registry tests: CNCF distribution (built by `go-tools.ts`) on loopback,
 * on a free port, with its storage in a temp folder, TLS from a CA the test makes with openssl, and
 * either htpasswd (bcrypt, Basic) authentication or, with `{ auth: 'token' }`, the registry's token
 * mode: a Bearer challenge naming a token server of the test's (token-server.ts) whose ES256 JWTs the
 * registry trusts through a JWKS file. `stop()` ends what it started and removes the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runCommand } from '../../src/devcluster/command.ts';
import { freePort } from '../e2e/ork-process.ts';
import { goTool } from './go-tools.ts';
import { startTokenServer, type TokenServer } from './token-server.ts';

/** A running registry. */
export interface TestRegistry {
  /** `127.0.0.1:<port>`: the registry part of a reference. */
  readonly host: string;
  readonly username: string;
  readonly password: string;
  /** The PEM file of the CA that signed the registry's certificate. */
  readonly caFile: string;
  readonly dir: string;
  /** The token server, in `auth: 'token'` mode. */
  readonly tokens?: TokenServer;
  stop(): Promise<void>;
}

/** How the registry authenticates: htpasswd (Basic) or token (Bearer, from a token server). */
export interface RegistryOptions {
  readonly auth?: 'htpasswd' | 'token';
}

export { freePort };

async function openssl(args: string[], cwd: string): Promise<void> {
  const result = await runCommand('openssl', args, { cwd, env: process.env });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.tail.join('\n')}`);
}

/** A CA and a serving certificate for 127.0.0.1 and localhost, in `dir`. */
async function makeTls(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=orkestra-test-ca',
    ],
    dir,
  );
  await openssl(['req', ...ec, '-keyout', 'tls.key', '-out', 'tls.csr', '-subj', '/CN=127.0.0.1'], dir);
  await writeFile(
    join(dir, 'tls.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'tls.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'tls.crt',
      '-days',
      '2',
      '-extfile',
      'tls.ext',
    ],
    dir,
  );
  return { ca: join(dir, 'ca.crt'), cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') };
}

async function htpasswdLine(username: string, password: string): Promise<string> {
  const bin = await goTool('htpasswd');
  const lines: string[] = [];
  const result = await runCommand(bin, [username, password], {
    env: process.env,
    onLine: (l) => lines.push(l),
  });
  if (result.code !== 0) throw new Error(`htpasswd failed:\n${result.tail.join('\n')}`);
  return `${lines.join('\n')}\n`;
}

/** A Docker config folder under `parent` holding `password` (by default the right one) for `registry`. */
export async function dockerConfigFor(
  registry: TestRegistry,
  parent: string,
  password: string = registry.password,
): Promise<string> {
  const dir = await mkdtemp(join(parent, 'docker-'));
  const auth = Buffer.from(`${registry.username}:${password}`).toString('base64');
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
  return dir;
}

/** Starts a registry; the caller stops it (`t.after(() => registry.stop())`). */
export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'ork-registry-'));
  const username = 'orkestra';
  const password = `pw-${String(process.pid)}-${String(Date.now())}`;
  const [bin, tls, htpasswd, port] = await Promise.all([
    goTool('registry'),
    makeTls(dir),
    htpasswdLine(username, password),
    freePort(),
  ]);
  await writeFile(join(dir, 'htpasswd'), htpasswd);
  const tokens =
    options.auth === 'token'
      ? await startTokenServer({ dir, username, password, tls, service: 'orkestra-test' })
      : undefined;
  const auth =
    tokens === undefined
      ? `auth: {htpasswd: {realm: orkestra-test, path: ${join(dir, 'htpasswd')}}}`
      : `auth: {token: {realm: "${tokens.realm}", service: orkestra-test, issuer: ${tokens.issuer}, jwks: ${tokens.jwksFile}}}`;
  const config = [
    'version: 0.1',
    'log: {level: warn}',
    `storage: {filesystem: {rootdirectory: ${join(dir, 'data')}}, delete: {enabled: true}}`,
    `http: {addr: 127.0.0.1:${String(port)}, tls: {certificate: ${tls.cert}, key: ${tls.key}}}`,
    auth,
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yml'), config);
  const child = spawn(bin, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' },
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  });
  const host = `127.0.0.1:${String(port)}`;
  const ca = await readFile(tls.ca, 'utf8');
  const stop = async () => {
    await stopChild(child);
    await tokens?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(host, ca, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, username, password, caFile: tls.ca, dir, ...(tokens === undefined ? {} : { tokens }), stop };
}

async function waitReady(host: string, ca: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the registry exited ${String(child.exitCode)}:\n${log()}`);
    if ((await probe(host, ca)) === 401) return;
    await delay(100);
  }
  throw new Error(`the registry did not answer on ${host} within 30s:\n${log()}`);
}

function probe(host: string, ca: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(`https://${host}/v2/`, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => {
      resolve(undefined);
    });
    req.end();
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
  if (!stopped) child.kill('SIGKILL');
}
