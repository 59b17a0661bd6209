/**
 * operator — the operator of one CRD (the OperatorBox): its CR informers, shared child informers, a controller with its own
 * queue and workers, health (degraded after failureThreshold failures in a row) and metrics.
 */
export { OperatorBox } from './operator-box.ts';
export { MANAGED_SELECTOR } from './child-informers.ts';
export { watchedNamespaces } from './cr-scope.ts';
export type { BoxDependencies } from './operator-box.ts';
export { crossView, older as olderCr, selectorOf as crossSelectorOf } from './cross-observer.ts';
export { admissionScopeFor, reconcileDepsFor } from './reconcile-wiring.ts';
export type { WiringInput } from './reconcile-wiring.ts';
export type { BoxHealthReport } from './box-health.ts';
export type { RecentEvent } from './recent-events.ts';
export type { CrChange } from './cr-observers.ts';
export { childIdentityOf, type ChildIdentity } from './box-activity.ts';
export { ORKESTRA_OWNER_INDEX, ownerIndexOf, ownerIndexValue, ownerKeyOf } from './owner-index.ts';
