/**
 * Leader election (spec §14): several replicas of `ork run` watch and serve; one, the holder of the
 * coordination.k8s.io/v1 Lease `orkestra-<katalog>`, runs the workers and writes.
 *
 * - {@link LeaderElector} acquires, renews and releases the Lease with conditional writes, and is
 *   the single write fence: the kube client of every box, event recorder and finalizer patch asks
 *   {@link LeaderElector.mayWrite} before each write, and it turns false as soon as the last renewal
 *   is older than the renew deadline, by the local clock, whether or not the API server answers.
 * - Followers keep their informers synced and serve the HTTP API; on winning, a box starts its
 *   controller on the warm caches (no relist). On losing (renew deadline passed, or the Lease seen
 *   held by another), a box stops its workers and goes back to following, caches kept: controller-
 *   runtime exits instead, because its caches and controllers cannot start twice; ours can, and a
 *   warm follower is what makes the next handover fast. Safety does not depend on it: the fence
 *   already refuses every write.
 * - On stop the boxes stop first (a later manager stage holds the elector), then the Lease is
 *   released (no holder, 1 s duration) and a follower, which watches the Lease, takes over at once.
 *
 * The Lease lives in the runtime's namespace, chosen by the app: the pod's namespace in a cluster
 * (its service account's), else `--namespace`, else the kubeconfig context's, else `default`.
 */
export { LeaderElector } from './elector.ts';
export type { LeaderElectorOptions, LeaderEvent, LeaderStatus } from './elector.ts';
export { KubeLeaseStore } from './kube-lease-store.ts';
export { microTime, recordOf } from './lease-record.ts';
export type { LeaseRecord, LeaseStore, StoredLease } from './lease-record.ts';
export { DEFAULT_LEADER_TIMINGS, timingsProblem } from './timings.ts';
export type { LeaderTimings } from './timings.ts';
export { NotLeaderError } from './not-leader.ts';
export type { Leadership } from './leadership.ts';
