/** Runs a child process to completion, streaming its output lines to a callback. */
import { spawn } from 'node:child_process';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Called with each line the command prints (stdout and stderr). */
  onLine?: (line: string) => void;
}

/** How a command ended. `tail` holds its last output lines, for error messages. */
export interface CommandResult {
  code: number;
  tail: string[];
}

const TAIL_LINES = 30;

/** Runs `file args`; resolves when it exits (never rejects for a non-zero exit; rejects if it cannot start). */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const onChunk = splitLines((line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      options.onLine?.(line);
    });
    child.stdout.on('data', onChunk);
    child.stderr.on('data', onChunk);
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? 1, tail });
    });
  });
}

function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let rest = '';
  return (chunk) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') onLine(line);
  };
}
