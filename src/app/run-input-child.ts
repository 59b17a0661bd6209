/**
 * The child process of {@link loadRunInput}: computes the run's input for the request given as
 * its one argument (JSON) and writes it to stdout as JSON.
 */
import { kubeconfigFiles, readKubeconfigsAsJson, type KubeconfigSource } from '../kube/index.ts';
import type { RunInputRequest } from './run-input.ts';
import { prepareRunInput } from './run-input-prepare.ts';

async function kubeconfigsFor(kubeconfig: string | undefined): Promise<KubeconfigSource[] | undefined> {
  const paths = kubeconfigFiles({ env: process.env, ...(kubeconfig === undefined ? {} : { kubeconfig }) });
  return paths === undefined ? undefined : readKubeconfigsAsJson(paths);
}

const request = JSON.parse(process.argv[2] ?? '{"files":[]}') as RunInputRequest;
const input = await prepareRunInput(request.files);
const kubeconfigs = input.ok ? await kubeconfigsFor(request.kubeconfig) : undefined;
process.stdout.write(JSON.stringify(kubeconfigs === undefined ? input : { ...input, kubeconfigs }));
