/** What `ork run` does once its flags are read: load the Katalog, run it, print what runs. */
import {
  leaderElectionSettings,
  loadRunInput,
  parseWebhookUrl,
  resolveKatalogSources,
  runKatalog,
  type RunInput,
} from '../../app/index.ts';
import type { Plan } from '../../katalog/index.ts';
import { printLine, printNote } from '../printer.ts';
import { VERSION } from '../version.ts';
import { parseInactivity, parseLevel, parsePort, parseSecret, parseUrl, type RunFlags } from './run-flags.ts';

export { parseRunFlags } from './run-flags.ts';

/** Runs the Katalog of `flags` until SIGTERM or SIGINT; resolves to the exit code. */
export async function runCommand(flags: RunFlags): Promise<number> {
  const files = flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'];
  let sources: Awaited<ReturnType<typeof resolveKatalogSources>>;
  try {
    sources = await resolveKatalogSources(files, flags.lock === undefined ? {} : { lock: flags.lock });
  } catch (error) {
    printNote(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    return await runFiles(flags, files, sources.files);
  } finally {
    await sources.cleanup();
  }
}

/** Runs the Katalog files (OCI references already pulled); `named` is what the user gave, for the summary. */
async function runFiles(
  flags: RunFlags,
  named: readonly string[],
  files: readonly string[],
): Promise<number> {
  const input = await loadRunInput({ files: [...files], kubeconfig: flags.kubeconfig, lock: flags.lock });
  if (input.report !== '') printNote(input.report);
  if (!input.ok) {
    printNote('error: the Katalog is not valid; nothing was started');
    return 1;
  }
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130); // a second signal: stop now
    printNote('[run] stopping: finishing in-flight reconciles');
    controller.abort();
  };
  let settings: ReturnType<typeof settingsOf>;
  try {
    settings = settingsOf(flags);
  } catch (error) {
    printNote(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  process.on('SIGTERM', stop).on('SIGINT', stop);
  const running = await runKatalog(input, { settings, signal: controller.signal });
  printSummary(named, input);
  void running.listening.then((port) => {
    printLine(`  API: http://localhost:${port}/katalog  (/health /ready /metrics)`);
  });
  await running.stopped;
  return 0;
}

function settingsOf(flags: RunFlags) {
  const env = process.env;
  return {
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    namespace: flags.namespace,
    port: flags.port ?? (env['ORK_PORT'] ? parsePort(env['ORK_PORT']) : 8080),
    dev: flags.dev === true,
    force: flags.force === true,
    logLevel: flags.logLevel ?? (env['LOG_LEVEL'] ? parseLevel(env['LOG_LEVEL']) : 'info'),
    env,
    version: VERSION,
    webhooks: webhookSettingsOf(flags, env),
    watchInactivityMs:
      flags.watchInactivity ??
      (env['ORK_WATCH_INACTIVITY'] ? parseInactivity(env['ORK_WATCH_INACTIVITY']) : undefined),
    leaderElection: leaderElectionOf(flags, env),
    allowMissingPermissions:
      flags.allowMissingPermissions === true ||
      env['ORK_ALLOW_MISSING_PERMISSIONS']?.toLowerCase() === 'true',
  };
}

/** Leader election from the flags, then the environment (LEADER_ELECT). */
function leaderElectionOf(flags: RunFlags, env: NodeJS.ProcessEnv) {
  return leaderElectionSettings(
    {
      ...(flags.leaderElect === undefined ? {} : { leaderElect: flags.leaderElect }),
      ...(flags.leaderElectLeaseDuration === undefined
        ? {}
        : { leaseDuration: flags.leaderElectLeaseDuration }),
      ...(flags.leaderElectRenewDeadline === undefined
        ? {}
        : { renewDeadline: flags.leaderElectRenewDeadline }),
      ...(flags.leaderElectRetryPeriod === undefined ? {} : { retryPeriod: flags.leaderElectRetryPeriod }),
    },
    env,
  );
}

function webhookSettingsOf(flags: RunFlags, env: NodeJS.ProcessEnv) {
  const url = flags.webhookUrl ?? (env['ORK_WEBHOOK_URL'] ? parseUrl(env['ORK_WEBHOOK_URL']) : undefined);
  return {
    port: flags.webhookPort ?? (env['ORK_WEBHOOK_PORT'] ? parsePort(env['ORK_WEBHOOK_PORT']) : 9443),
    endpoint: url === undefined || url === '' ? undefined : parseWebhookUrl(url),
    ...certificateSettingsOf(flags, env),
  };
}

/** Where the webhook certificate comes from, when the flags or the environment say. */
function certificateSettingsOf(flags: RunFlags, env: NodeJS.ProcessEnv) {
  const secret = env['ORK_WEBHOOK_CERT_SECRET'];
  return {
    certificateDirectory: flags.webhookCertDir ?? (env['ORK_WEBHOOK_CERT_DIR'] || undefined),
    certificateSecret: flags.webhookCertSecret ?? (secret ? parseSecret(secret) : undefined),
    secretNamespace: env['ORK_WEBHOOK_SECRET_NAMESPACE'] || undefined,
  };
}

function printSummary(files: readonly string[], input: RunInput): void {
  const { plans } = input;
  const enabled = plans.filter((p) => p.enabled);
  printLine(
    `orkestra ${VERSION}: running ${enabled.length} operator${enabled.length === 1 ? '' : 's'} from ${files.join(', ')}`,
  );
  for (const plan of plans) printLine(`  ${describePlan(plan)}`);
}

function describePlan(plan: Plan): string {
  const gvk = `${plan.gvk.kind}.${plan.gvk.group}/${plan.gvk.version}`;
  if (!plan.enabled) return `${plan.key}: ${gvk} (disabled)`;
  const resources = plan.hooks.onCreate.resources.length + plan.hooks.onReconcile.resources.length;
  return `${plan.key}: ${gvk} · ${plan.workers} workers · resync ${plan.resyncMs / 1000}s · ${resources} resources`;
}
