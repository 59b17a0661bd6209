/**
 * app — the composition root: configuration read once from flags and the environment, and the
 * wiring of the lower layers into what each command runs.
 *
 * The heavy tool sets are loaded on demand (`katalogTools`, `renderTools`, `initTools`, and
 * `loadRunInput`'s worker): the operator process of `ork run` never loads the Katalog schema,
 * its YAML positions or the validators, and pays no memory for them.
 */
export type { DevClusterFlags } from './dev-cluster.ts';
export type { Diagnostic, PlanSummary } from '../katalog/index.ts';
export type { BuildProgress, DevClusterHealth } from '../devcluster/index.ts';
export type { LogLevel } from '../observability/index.ts';
/** Node's util (parseArgs), taken without reading its lazy getters: `ork run` reads its flags with it. */
export { nodeUtil, parseDurationMs } from '../util/index.ts';
export type { InitResult } from './init.ts';
export type { RegistryFlags } from './registry.ts';
export { runKatalog } from './run/run.ts';
export { leaderElectionSettings } from './run/leader-election.ts';
export { parseSecretRef, parseWebhookUrl } from './run/run-webhooks.ts';
export { loadRunInput } from './run/run-input.ts';
export { resolveKatalogSources } from './katalog-sources.ts';
export type { RunInput } from './run/run-input.ts';

/** Loading, validating and compiling Katalogs (YAML with positions, the schema, template checks). */
export const katalogTools = () => import('./katalog.ts');

/** Artefacts derived from Katalogs and the language (`ork generate`). */
export const generateTools = () => import('./generate.ts');

/** Offline rendering of custom resources (`ork render`). */
export const renderTools = () => import('./render/render-tools.ts');

/** Katalogs as OCI artifacts (`ork push`, `ork pull`). */
export const registryTools = () => import('./registry.ts');

/** Lock files: `ork lock`, and the format the Komposer's sources are pinned in. */
export const lockTools = () => import('./lock/index.ts');

/** Scaffolding a new operator folder (`ork init`). */
export const initTools = () => import('./init.ts');

/**
 * The local control plane (`ork dev`, tests, benches), loaded on demand: it is not part of what
 * `ork run` needs.
 */
export const devClusterTools = () => import('./dev-cluster.ts');

/** The Control Center (`ork control start`), loaded on demand. */
export const controlTools = () => import('./control.ts');
export type { ControlFlags } from './control.ts';
