/**
 * Who may reach the Control Center. It shows every custom resource of the runtimes it proxies, so it
 * listens on the loopback interface unless told otherwise, and anywhere else only behind a token:
 * each request then carries `Authorization: Bearer <token>`, or the cookie `GET /login?token=…` sets.
 * Without a token, the Host header must name the loopback too, so a web page cannot reach it through
 * a name that resolves to 127.0.0.1 (DNS rebinding).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The cookie that carries a login: a digest of the token, never the token itself. */
export const SESSION_COOKIE = 'ork_control';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True for a host name or address of the loopback interface. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why the Control Center may not listen on `host` with `token`; undefined when it may. */
export function bindProblem(host: string, token: string | undefined): string | undefined {
  if (isLoopback(host) || (token !== undefined && token !== '')) return undefined;
  return (
    `refusing to listen on ${host} without a token: anyone who reaches it would see every custom resource. ` +
    'Give --token (or ORK_CONTROL_TOKEN), or keep the default --host 127.0.0.1'
  );
}

/** The cookie value of a login with `token`. */
export function sessionValue(token: string): string {
  return createHash('sha256').update(`ork-control-session:${token}`).digest('base64url');
}

/** Whether `given` is the token `expected` (in constant time). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function cookie(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The host name of a Host header, without its port. */
function hostName(header: string | undefined): string {
  if (header === undefined) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.split(':')[0] ?? '';
}

/** Whether a request may pass: with a token, it must carry it; without, it must name the loopback. */
export function allowed(headers: IncomingHttpHeaders, token: string | undefined): boolean {
  if (token === undefined || token === '') return isLoopback(hostName(headers.host));
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return sameSecret(bearer, token);
  const session = cookie(headers, SESSION_COOKIE);
  return session !== undefined && sameSecret(session, sessionValue(token));
}
