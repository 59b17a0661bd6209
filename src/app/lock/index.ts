/**
 * Lock files (`orkestra.lock`): the format (lock-format.ts), reading and writing it (lock-file.ts),
 * and `ork lock` for OCI references (lock-katalogs.ts). Loaded on demand: it brings the YAML library.
 */
export {
  buildLock,
  describeEntry,
  findGit,
  findHelm,
  findOci,
  LOCK_FILE,
  LockFileError,
  lockedReference,
  ociKey,
  parseLock,
  requireGit,
  requireHelm,
  sourceKey,
} from './lock-format.ts';
export type {
  GitLockEntry,
  GitSource,
  HelmLockEntry,
  HelmSource,
  KatalogLock,
  LockEntry,
  OciLockEntry,
} from './lock-format.ts';
export { readLockFile, serializeLock, writeLockFile } from './lock-file.ts';
export { lockKatalogs } from './lock-katalogs.ts';
export type { LockResult } from './lock-katalogs.ts';
