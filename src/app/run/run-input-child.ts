/**
 * The child process of {@link loadRunInput}: computes the run's input for the request given as
 * its one argument (JSON) and writes it to stdout as JSON.
 */
import { kubeconfigsAsJson } from '../../kube/index.ts';
import type { RunInputRequest } from './run-input.ts';
import { prepareRunInput } from './run-input-prepare.ts';

const request = JSON.parse(process.argv[2] ?? '{"files":[]}') as RunInputRequest;
try {
  const input = await prepareRunInput(request.files, { lock: request.lock });
  const { kubeconfig } = request;
  const kubeconfigs = input.ok
    ? await kubeconfigsAsJson({ env: process.env, ...(kubeconfig === undefined ? {} : { kubeconfig }) })
    : undefined;
  process.stdout.write(JSON.stringify(kubeconfigs === undefined ? input : { ...input, kubeconfigs }));
} catch (error) {
  // Bad input never lands here (it is diagnostics): this is a bug. Its message goes to the parent,
  // which reports an internal error; the stack only when asked for.
  const debug = process.env['ORK_DEBUG'] !== undefined && process.env['ORK_DEBUG'] !== '';
  const stack = error instanceof Error ? error.stack : undefined;
  process.stderr.write(debug && stack ? stack : error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
