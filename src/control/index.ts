/**
 * control — the Control Center (`ork control start`): a web UI served by Node that watches one or more
 * runtimes through their HTTP APIs (server/), proxied, with their live stream. It reads nothing else:
 * no Kubernetes client, no Katalog. The browser code is under ui/, bundled by scripts/build.ts.
 */
export { ControlServer } from './control-server.ts';
