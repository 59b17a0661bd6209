/**
 * The runtime: the engine room of an operator process. A {@link SharedInformerFactory} keeps one
 * informer (paginated list, resumable watch, frozen indexed cache) per resource, namespace and
 * selector for the whole process; each operator runs a {@link Controller} (work queue with dedup
 * and backoff, async workers, reconcile with a requeue contract); a {@link Manager} starts all of it
 * stage by stage, reports readiness with reasons and stops it within a bounded time on abort.
 * Time is injected ({@link Clock}) so tests drive it with the FakeClock of `runtime/testing`.
 */
export { WorkQueue } from './workqueue/index.ts';
export { deepFreeze, Informer, keyOf, SharedInformerFactory } from './informer/index.ts';
export type { WatchRestartReason } from './informer/index.ts';
export { Controller } from './controller/index.ts';
export type { Reconciler } from './controller/index.ts';
export { Manager, Stage } from './manager.ts';
export type { Runnable } from './manager.ts';
export { HeapSettler } from './heap-settler.ts';
export {
  DEFAULT_LEADER_TIMINGS,
  KubeLeaseStore,
  LeaderElector,
  NotLeaderError,
  timingsProblem,
} from './leader/index.ts';
export type { LeaderEvent, LeaderTimings } from './leader/index.ts';
export { realClock, sleep } from './clock.ts';
export type { Clock } from './clock.ts';
export {
  admissionScopeFor,
  crossSelectorOf,
  crossView,
  olderCr,
  OperatorBox,
  ORKESTRA_OWNER_INDEX,
  ownerIndexOf,
  reconcileDepsFor,
  watchedNamespaces,
} from './operator/index.ts';
export type { ChildIdentity, CrChange } from './operator/index.ts';
export { childIdentityOf } from './operator/index.ts';
export { admit, createReconciler, mutate, randomKeys, validate } from './reconcile/index.ts';
export type {
  AdmissionScope,
  ClusterCache,
  ClusterWriter,
  EventSink,
  ExternalHttp,
  MetadataPatch,
  ValidationResult,
} from './reconcile/index.ts';
