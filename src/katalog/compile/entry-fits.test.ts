/**
 * The seam between the Katalog schema and the Plan's entry shapes: every resource entry the schema
 * parses fits the shape the builders read (checked by the compiler through the `Fits` list below), so
 * the compiler can hand the parsed entries to the Plan as they are.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ConfigMapEntry,
  CronJobEntry,
  CustomEntry,
  HorizontalPodAutoscalerEntry,
  IngressEntry,
  JobEntry,
  NetworkPolicyEntry,
  PersistentVolumeClaimEntry,
  PodDisruptionBudgetEntry,
  RoleBindingEntry,
  RoleEntry,
  SecretEntry,
  ServiceAccountEntry,
  ServiceEntry,
  WorkloadEntry,
} from '../../plan/index.ts';
import type { OperatorBox } from '../schema/katalog.ts';

type Group = OperatorBox['onReconcile'];
type Entry<K extends keyof Group> = Group[K][number];
type Fits<A, B> = A extends B ? true : false;

const schemaFits: [
  Fits<Entry<'deployments'>, WorkloadEntry>,
  Fits<Entry<'statefulSets'>, WorkloadEntry>,
  Fits<Entry<'daemonSets'>, WorkloadEntry>,
  Fits<Entry<'services'>, ServiceEntry>,
  Fits<Entry<'configMaps'>, ConfigMapEntry>,
  Fits<Entry<'secrets'>, SecretEntry>,
  Fits<Entry<'jobs'>, JobEntry>,
  Fits<Entry<'cronJobs'>, CronJobEntry>,
  Fits<Entry<'ingresses'>, IngressEntry>,
  Fits<Entry<'persistentVolumeClaims'>, PersistentVolumeClaimEntry>,
  Fits<Entry<'serviceAccounts'>, ServiceAccountEntry>,
  Fits<Entry<'roles'>, RoleEntry>,
  Fits<Entry<'roleBindings'>, RoleBindingEntry>,
  Fits<Entry<'horizontalPodAutoscalers'>, HorizontalPodAutoscalerEntry>,
  Fits<Entry<'podDisruptionBudgets'>, PodDisruptionBudgetEntry>,
  Fits<Entry<'networkPolicies'>, NetworkPolicyEntry>,
  Fits<Entry<'custom'>, CustomEntry>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];

describe('the schema and the Plan entry shapes', () => {
  it('checks every kind against the schema at compile time', () => {
    assert.equal(schemaFits.length, 17);
  });
});
