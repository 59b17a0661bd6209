/** Runs the `ork` CLI in-process with what it prints captured (for CLI tests). */
import { main } from '../../src/cli/index.ts';

type Write = typeof process.stdout.write;

/** A write that keeps the text the CLI prints (strings) and passes the test runner's own bytes on. */
function capture(into: string[], original: Write): Write {
  const write = (chunk: string | Uint8Array, ...rest: never[]): boolean =>
    typeof chunk === 'string' ? into.push(chunk) > 0 : original(chunk, ...rest);
  return write;
}

/** Runs `ork` with what it prints on stdout and stderr captured. */
export async function ork(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  process.stdout.write = capture(out, write.out);
  process.stderr.write = capture(err, write.err);
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}
