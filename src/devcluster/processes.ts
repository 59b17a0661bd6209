/**
 * The processes of the control plane: started detached with their output in a log file, and
 * stopped only by the pid we recorded, and only while that pid still runs the binary we started.
 */
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { nodeFs } from '../util/index.ts';

/** Starts `exe args` in its own session, output to `logFile`; returns its pid. */
export function startDetached(exe: string, args: readonly string[], logFile: string): number {
  const out = nodeFs.openSync(logFile, 'a');
  try {
    const child = spawn(exe, args, { detached: true, stdio: ['ignore', out, out] });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${exe}`);
    return child.pid;
  } finally {
    nodeFs.closeSync(out);
  }
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `pid` is alive and runs `exe` (its argv[0]), so that a recycled pid is never killed. */
export function runsExecutable(pid: number, exe: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const argv0 = nodeFs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
    return argv0 === exe;
  } catch {
    return false;
  }
}

/**
 * Stops the process: SIGTERM, then SIGKILL after `graceMs`. Does nothing if it is not (or no
 * longer) ours. Resolves to whether there was a process of ours to stop.
 */
export async function stopProcess(pid: number, exe: string, graceMs = 10_000): Promise<boolean> {
  if (!runsExecutable(pid, exe)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && !isZombie(pid) && Date.now() < deadline) await delay(100);
  if (isAlive(pid) && !isZombie(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(nodeFs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return false;
  }
}
