/**
 * registry — Katalogs as OCI artifacts (spec §12): `ork push` and `ork pull` against any OCI
 * distribution registry, with Docker's credentials, a custom CA, and digests checked on every read.
 * Loaded only by those commands.
 */
export { discoverKatalogs } from './attached.ts';
export { dockerCredentials } from './credentials.ts';
export type { Credentials } from './credentials.ts';
export { RegistryError } from './errors.ts';
export { pullKatalog, pushKatalog, resolveKatalog } from './push-pull.ts';
export type { PullResult, PushResult } from './push-pull.ts';
export { formatReference, parseReference } from './reference.ts';
export { caTransport, fetchTransport } from './transport.ts';
export { readTar } from './tar.ts';
