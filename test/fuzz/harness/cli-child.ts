/**
 * `ork` as a child process for the fuzz cases a worker thread cannot bound cleanly: a Katalog that
 * is a FIFO or a device blocks a thread of libuv's pool in read(2), which only the end of the
 * process releases. Runs the CLI's own `main` from source, so no build is needed.
 */
import { main } from '../../../src/cli/index.ts';

process.exitCode = await main(process.argv.slice(2));
