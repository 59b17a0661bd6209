/**
 * external — the edge where external calls (spec §10.2) leave the process: a lazily loaded HTTP
 * client with one keep-alive agent per host, per-box concurrency limits, timeouts and abort.
 */
export { boxHttp } from './box-http.ts';
export { closeIdleConnections } from './http-client.ts';
