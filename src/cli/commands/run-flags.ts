/**
 * The flags of `ork run`, defined once: commander registers them from this table (help text,
 * error messages), and {@link parseRunFlags} reads them with node's parseArgs so that a running
 * operator never loads commander (~2 MB of resident memory for a parse done once at start).
 */
import {
  nodeUtil,
  parseDurationMs,
  parseSecretRef,
  parseWebhookUrl,
  type LogLevel,
} from '../../app/index.ts';

/** What `ork run` was asked for. */
export interface RunFlags {
  katalog: string[];
  /** The lock file OCI references are pulled by (`ork lock`). */
  lock?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  port?: number;
  dev?: boolean;
  force?: boolean;
  logLevel?: LogLevel;
  webhookPort?: number;
  webhookUrl?: string;
  webhookCertDir?: string;
  webhookCertSecret?: { namespace: string; name: string };
  /** Milliseconds a watch may stay silent before it is cut and restarted. */
  watchInactivity?: number;
  leaderElect?: boolean;
  leaderElectLeaseDuration?: string;
  leaderElectRenewDeadline?: string;
  leaderElectRetryPeriod?: string;
  allowMissingPermissions?: boolean;
}

/** A flag value that does not parse; `message` says what was expected. */
export class FlagValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagValueError';
  }
}

/** One flag: `--long`, an optional `-s`hort form, and its value if it takes one. */
export interface RunFlag {
  long: string;
  short?: string;
  /** The value's placeholder in help (`<file>`); absent for a switch. */
  value?: string;
  description: string;
  /** May be repeated; the values collect in order. */
  multiple?: true;
  default?: string;
  parse?: (value: string) => unknown;
}

/** Parses a port number, 0 to 65535. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new FlagValueError('a port number (0 picks a free one)');
  return n;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'];

/** Parses a log level. */
export function parseLevel(value: string): LogLevel {
  if (!LEVELS.includes(value)) throw new FlagValueError(LEVELS.join(', '));
  return value as LogLevel;
}

/** Checks a webhook URL (`https://host[:port]`) and keeps its text. */
export function parseUrl(value: string): string {
  try {
    parseWebhookUrl(value);
    return value;
  } catch (error) {
    throw new FlagValueError(error instanceof Error ? error.message : String(error));
  }
}

/** Parses a watch's inactivity limit: a duration of at least 1 s (`70s`, `2m`). */
export function parseInactivity(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms < 1_000) throw new FlagValueError('a duration of at least 1s, e.g. 70s');
  return ms;
}

/** Checks a Go duration (`15s`, `1m30s`) and keeps its text. */
export function parseDuration(value: string): string {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms <= 0) throw new FlagValueError('a duration such as 15s');
  return value;
}

/** Reads a Secret given as `namespace/name`. */
export function parseSecret(value: string): { namespace: string; name: string } {
  try {
    return parseSecretRef(value);
  } catch (error) {
    throw new FlagValueError(error instanceof Error ? error.message : String(error));
  }
}

/** Every flag of `ork run`, in help order. */
export const RUN_FLAGS: readonly RunFlag[] = [
  {
    long: 'katalog',
    short: 'k',
    value: 'file',
    multiple: true,
    description:
      'a Katalog file, or an OCI reference (oci://registry/repository:tag); repeat to merge several (default: katalog.yaml)',
  },
  {
    long: 'lock',
    value: 'file',
    description:
      'pull each OCI reference, and fetch each source of a Komposer, by the pin of this lock file (ork lock); one it lacks is an error; env ORK_LOCK_FILE',
  },
  {
    long: 'kubeconfig',
    value: 'file',
    description: 'kubeconfig to use (default: KUBECONFIG, in-cluster, ~/.kube/config)',
  },
  { long: 'context', value: 'name', description: 'kubeconfig context to use' },
  {
    long: 'namespace',
    short: 'n',
    value: 'ns',
    description:
      'namespace for --dev custom resources that name none, and of the leader election Lease outside a cluster (default: the kubeconfig context’s, else default)',
  },
  {
    long: 'port',
    value: 'port',
    parse: parsePort,
    description: 'HTTP API port (health, metrics, katalog); env ORK_PORT',
  },
  { long: 'dev', description: 'apply each entry’s crdFile before starting and its crFiles once running' },
  {
    long: 'force',
    description: '--dev: apply a crdFile even when its change breaks the custom resources already stored',
  },
  {
    long: 'webhook-port',
    value: 'port',
    parse: parsePort,
    description:
      'webhook HTTPS port, when the Katalog turns a webhook on (default 9443); env ORK_WEBHOOK_PORT',
  },
  {
    long: 'webhook-url',
    value: 'url',
    parse: parseUrl,
    description:
      'https://host[:port] the API server calls the webhooks at (default: the Service in a pod, 127.0.0.1 outside); env ORK_WEBHOOK_URL',
  },
  {
    long: 'webhook-cert-dir',
    value: 'dir',
    description:
      'serve the webhook certificate in this directory (tls.crt, tls.key, ca.crt) instead of a self-managed one; env ORK_WEBHOOK_CERT_DIR',
  },
  {
    long: 'webhook-cert-secret',
    value: 'ns/name',
    parse: parseSecret,
    description:
      'serve the webhook certificate of this Secret (tls.crt, tls.key, ca.crt; e.g. cert-manager’s) instead of a self-managed one; env ORK_WEBHOOK_CERT_SECRET',
  },
  {
    long: 'watch-inactivity',
    value: 'duration',
    parse: parseInactivity,
    description:
      'a watch silent this long is cut and restarted, and the box not ready meanwhile (default 70s: past the API server’s bookmarks, about one a minute); env ORK_WATCH_INACTIVITY',
  },
  {
    long: 'leader-elect',
    description:
      'elect a leader among replicas (Lease orkestra-<katalog>): only it runs workers and writes, the others stay warm; env LEADER_ELECT=true',
  },
  {
    long: 'leader-elect-lease-duration',
    value: 'duration',
    parse: parseDuration,
    description: 'how long a follower waits before taking over a Lease no longer renewed (default 15s)',
  },
  {
    long: 'leader-elect-renew-deadline',
    value: 'duration',
    parse: parseDuration,
    description: 'a leader that could not renew for this long stops writing and leading (default 10s)',
  },
  {
    long: 'leader-elect-retry-period',
    value: 'duration',
    parse: parseDuration,
    description: 'the pause between two attempts to acquire or renew the Lease (default 2s)',
  },
  {
    long: 'allow-missing-permissions',
    description:
      'start even when the start-up check finds permissions the Katalog needs missing: the boxes that need them are degraded, their health naming each (default: refuse to start); env ORK_ALLOW_MISSING_PERMISSIONS=true',
  },
  {
    long: 'log-level',
    value: 'level',
    parse: parseLevel,
    description: 'debug, info, warn, error; env LOG_LEVEL',
  },
];

/** The flag as commander spells it, e.g. `-k, --katalog <file>`. */
export function commanderFlags(flag: RunFlag): string {
  const short = flag.short === undefined ? '' : `-${flag.short}, `;
  return `${short}--${flag.long}${flag.value === undefined ? '' : ` <${flag.value}>`}`;
}

/** `log-level` → `logLevel`, the key commander gives a flag. */
export function flagKey(flag: RunFlag): string {
  return flag.long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Reads `ork run`'s arguments (after `run`) as commander would, without it. Undefined when they
 * ask for help or do not parse: commander then answers, with its usual help or error.
 */
export function parseRunFlags(args: readonly string[]): RunFlags | undefined {
  if (args.includes('-h') || args.includes('--help')) return undefined;
  try {
    const { values } = nodeUtil.parseArgs({ args: [...args], options: parseArgsOptions(), strict: true });
    return flagsOf(values);
  } catch {
    return undefined;
  }
}

function parseArgsOptions(): NonNullable<Parameters<typeof nodeUtil.parseArgs>[0]>['options'] {
  return Object.fromEntries(
    RUN_FLAGS.map((flag) => [
      flag.long,
      {
        type: flag.value === undefined ? ('boolean' as const) : ('string' as const),
        ...(flag.short === undefined ? {} : { short: flag.short }),
        ...(flag.multiple === undefined ? {} : { multiple: true }),
      },
    ]),
  );
}

function flagsOf(values: ParsedValues): RunFlags {
  const flags: Record<string, unknown> = {};
  for (const flag of RUN_FLAGS) {
    const raw = values[flag.long] ?? flag.default ?? (flag.multiple === undefined ? undefined : []);
    if (raw === undefined) continue;
    flags[flagKey(flag)] = typeof raw === 'string' && flag.parse !== undefined ? flag.parse(raw) : raw;
  }
  return flags as unknown as RunFlags;
}
