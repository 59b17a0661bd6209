/**
 * Stopping and starting one component of a running dev cluster, by the pid its state records (for
 * fault tests, and for users who want to watch their operator under a fault): `ork dev stop |
 * start | restart <component>`. A component stopped on purpose is marked in the state, so that
 * `status` says "stopped" rather than "crashed" and `start` knows what to bring back.
 */
import { componentArgs, COMPONENT_NAMES, type ComponentName } from './component-args.ts';
import type { DevClusterLayout } from './layout.ts';
import { runsExecutable, startDetached, stopProcess } from './processes.ts';
import { contextOf, waitReady } from './restart.ts';
import { recordOf, writeState, type ComponentRecord } from './state.ts';

/** Short names users type, besides the components' own names. */
const ALIASES = new Map<string, ComponentName>([
  ['apiserver', 'kube-apiserver'],
  ['api-server', 'kube-apiserver'],
  ['controller-manager', 'kube-controller-manager'],
  ['kcm', 'kube-controller-manager'],
  ['scheduler', 'kube-scheduler'],
]);

/**
 * The component a user named (`apiserver`, `etcd`, `controller-manager`, `scheduler`, `kwok`, or
 * a full name such as `kube-apiserver`); undefined for anything else.
 */
export function parseComponentName(input: string): ComponentName | undefined {
  const name = input.trim().toLowerCase();
  if ((COMPONENT_NAMES as readonly string[]).includes(name)) return name as ComponentName;
  return ALIASES.get(name);
}

/** The names {@link parseComponentName} accepts, for help and error messages. */
export const COMPONENT_CHOICES = ['apiserver', 'etcd', 'controller-manager', 'scheduler', 'kwok'] as const;

/** Options of {@link stopComponent} and {@link startComponent}. */
export interface ControlOptions {
  /** Time between SIGTERM and SIGKILL when stopping. @default 10_000 */
  graceMs?: number;
  /** How long to wait for a started component to answer. @default 120_000 */
  timeoutMs?: number;
}

/** What a stop or start did. */
export interface ControlResult {
  record: ComponentRecord;
  /** False when there was nothing to do (already stopped, or already running). */
  changed: boolean;
}

/**
 * Stops one component (SIGTERM, then SIGKILL after the grace time) and marks it stopped.
 * @throws DevClusterError when there is no cluster or no such component
 */
export async function stopComponent(
  layout: DevClusterLayout,
  name: ComponentName,
  options: ControlOptions = {},
): Promise<ControlResult> {
  const { state, index, record } = await recordOf(layout, name);
  const changed = await stopProcess(record.pid, record.exe, options.graceMs);
  const stopped: ComponentRecord = { ...record, stopped: true };
  state.components[index] = stopped;
  await writeState(layout.stateFile, state);
  return { record: stopped, changed };
}

/**
 * Starts one component with the flags `up` gave it, records its new pid and waits until it
 * answers. A component that still runs is left alone.
 * @throws DevClusterError when there is no cluster or no such component, or it dies or is not
 * ready in time (with the tail of its log)
 */
export async function startComponent(
  layout: DevClusterLayout,
  name: ComponentName,
  options: ControlOptions = {},
): Promise<ControlResult> {
  const { state, index, record } = await recordOf(layout, name);
  if (runsExecutable(record.pid, record.exe)) return { record, changed: false };
  const pid = startDetached(record.exe, componentArgs(name, contextOf(layout, state)), record.log);
  const started: ComponentRecord = { name, pid, exe: record.exe, log: record.log };
  state.components[index] = started;
  await writeState(layout.stateFile, state);
  await waitReady({ pkiDir: layout.pkiDir, state, record: started }, options.timeoutMs ?? 120_000);
  return { record: started, changed: true };
}
