/**
 * Informers: a reflector (paginated list, resumable watch, relist on 410) feeding a frozen, indexed
 * cache and event handlers; and the process-wide registry that shares one informer per resource,
 * namespace and selector.
 */
export { Informer } from './informer.ts';
export type { EventHandler, InformerHealth, InformerOptions } from './informer.ts';
export { Reflector, restartReasonOf } from './reflector.ts';
export type {
  ReflectorFailure,
  ReflectorHealth,
  ReflectorOptions,
  ReflectorSink,
  WatchRestartReason,
} from './reflector.ts';
export { NAMESPACE_INDEX, OWNER_INDEX, Store } from './store.ts';
export type { IndexFunc, ReplaceResult, StoreReader } from './store.ts';
export { deepFreeze, keyOf, splitKey, toCached } from './object-key.ts';
export { informerKey, resourceName, SharedInformerFactory } from './shared-informer-factory.ts';
export type {
  InformerIdentity,
  InformerLease,
  InformerScope,
  SharedInformerFactoryOptions,
} from './shared-informer-factory.ts';
