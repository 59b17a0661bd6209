/**
 * The kube layer's testing entry point: a local HTTP server standing in for the API server, and a
 * handler that serves a lister-watcher through it. Production code never imports it (the layer
 * check forbids it), and kube/index.ts exports none of it.
 */
export { selfSigned, sendJson, startFakeApiServer, statusBody } from './fake-api-server.ts';
export type { FakeApiServer, FakeApiServerOptions, FakeHandler, SeenRequest } from './fake-api-server.ts';
export { serveListerWatcher } from './serve-lister-watcher.ts';
