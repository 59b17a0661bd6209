/**
 * The runtime: the engine room of an operator process. A {@link SharedInformerFactory} keeps one
 * informer (paginated list, resumable watch, frozen indexed cache) per resource, namespace and
 * selector for the whole process; each operator runs a {@link Controller} (work queue with dedup
 * and backoff, async workers, reconcile with a requeue contract); a {@link Manager} starts all of it
 * stage by stage, reports readiness with reasons and stops it within a bounded time on abort.
 * Time is injected ({@link Clock}) so tests drive it with the FakeClock of `runtime/testing`.
 */
export { waitForAbort } from './abort.ts';
export { realClock, sleep } from './clock.ts';
export type { Clock, Timer } from './clock.ts';
export { PendingError, RetryAfterError, TerminalError } from './errors.ts';
export {
  BucketRateLimiter,
  createDefaultRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  WorkQueue,
} from './workqueue/index.ts';
export type {
  BucketRateLimiterOptions,
  DefaultRateLimiterOptions,
  ExponentialRateLimiterOptions,
  QueueSnapshot,
  QueueState,
  QueueStats,
  RateLimiter,
  WorkQueueOptions,
} from './workqueue/index.ts';
export {
  deepFreeze,
  Informer,
  informerKey,
  keyOf,
  NAMESPACE_INDEX,
  OWNER_INDEX,
  Reflector,
  SharedInformerFactory,
  splitKey,
  Store,
  toCached,
} from './informer/index.ts';
export type {
  EventHandler,
  IndexFunc,
  InformerHealth,
  InformerLease,
  InformerOptions,
  InformerScope,
  ReflectorHealth,
  ReflectorOptions,
  ReflectorSink,
  ReplaceResult,
  SharedInformerFactoryOptions,
  StoreReader,
} from './informer/index.ts';
export { Controller, reconcileDone, requeueAfter } from './controller/index.ts';
export type {
  ControllerOptions,
  ControllerSnapshot,
  ControllerSource,
  ReconcileOutcome,
  ReconcileOutcomeKind,
  ReconcileResult,
  Reconciler,
} from './controller/index.ts';
export { Manager, Stage } from './manager.ts';
export { HeapSettler } from './heap-settler.ts';
export type { HeapSettlerOptions, HeapSize } from './heap-settler.ts';
export type { ManagerOptions, Readiness, Runnable, RunnableHandle, StopReport } from './manager.ts';
export {
  childTypesOf,
  MANAGED_SELECTOR,
  OperatorBox,
  ORKESTRA_OWNER_INDEX,
  ownerIndexOf,
  reconcileDepsFor,
  watchedNamespaces,
} from './box/index.ts';
export type { BoxDependencies, BoxHealthReport, RecentEvent, WiringInput } from './box/index.ts';
export { createReconciler, katalogFunctions, randomKeys } from './reconcile/index.ts';
export type {
  ChildType,
  ClusterCache,
  ClusterWriter,
  EventSink,
  KeySource,
  ReconcileDeps,
} from './reconcile/index.ts';
