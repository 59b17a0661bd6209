/**
 * The child process of {@link loadRunInput}: computes the run's input from the files named on its
 * command line and writes it to stdout as JSON.
 */
import { prepareRunInput } from './run-input-prepare.ts';

const input = await prepareRunInput(process.argv.slice(2));
process.stdout.write(JSON.stringify(input));
