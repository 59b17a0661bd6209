/**
 * `ork control start`: the Control Center, configured from flags and the environment
 * (`ORK_CONTROL_TOKEN` when no --token), serving until the signal aborts.
 */
import { ControlServer } from '../control/index.ts';

/** The flags of `ork control start`. */
export interface ControlFlags {
  port: number;
  host: string;
  /** Runtime API URLs; none: http://127.0.0.1:8080. */
  runtime: readonly string[];
  token?: string;
}

/** A running Control Center. */
export interface RunningControl {
  /** Where it listens, e.g. http://127.0.0.1:8090/. */
  url: string;
  runtimes: readonly URL[];
}

/** A flag value that is not a URL of a runtime. */
export class ControlFlagError extends Error {
  override readonly name = 'FlagValueError';
}

function runtimeUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ControlFlagError(`--runtime ${value}: not a URL (say http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:')
    throw new ControlFlagError(`--runtime ${value}: only http:// runtimes are read`);
  return url;
}

/** Starts the Control Center; refuses (ControlConfigError) a non-loopback host without a token. */
export async function startControlCenter(flags: ControlFlags, signal: AbortSignal): Promise<RunningControl> {
  const runtimes = (flags.runtime.length > 0 ? flags.runtime : ['http://127.0.0.1:8080']).map(runtimeUrl);
  const token = flags.token ?? process.env['ORK_CONTROL_TOKEN'];
  const server = new ControlServer({
    port: flags.port,
    host: flags.host,
    runtimes,
    token: token === '' ? undefined : token,
  });
  const port = await server.start(signal);
  const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  return { url: `http://${host}:${port}/`, runtimes };
}
