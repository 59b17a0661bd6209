/**
 * The child process of {@link loadRunInput}: computes the run's input for the request given as
 * its one argument (JSON) and writes it to stdout as JSON.
 */
import { kubeconfigsAsJson } from '../../kube/index.ts';
import type { RunInputRequest } from './run-input.ts';
import { prepareRunInput } from './run-input-prepare.ts';

const request = JSON.parse(process.argv[2] ?? '{"files":[]}') as RunInputRequest;
const input = await prepareRunInput(request.files);
const { kubeconfig } = request;
const kubeconfigs = input.ok
  ? await kubeconfigsAsJson({ env: process.env, ...(kubeconfig === undefined ? {} : { kubeconfig }) })
  : undefined;
process.stdout.write(JSON.stringify(kubeconfigs === undefined ? input : { ...input, kubeconfigs }));
