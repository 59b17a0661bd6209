/**
 * The only code that talks to the Kubernetes API server: client, watch, apply, discovery and
 * errors by status. Other layers import from here, never from files inside this folder.
 */
export type {
  GroupVersionKind,
  GroupVersionResource,
  KubeObject,
  ListOptions,
  ListResult,
  ListerWatcher,
  ObjectMeta,
  OwnerReference,
  WatchEvent,
} from './types.ts';
