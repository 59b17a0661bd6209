/**
 * `ork generate crd -k FILE`, `ork generate bundle -k FILE` and `ork generate schema`: artefacts derived
 * from Katalogs and the language.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { generateTools } from '../../app/index.ts';
import { printLine, printNote } from '../printer.ts';
import { VERSION } from '../version.ts';

interface CrdFlags {
  readonly katalog: string[];
}

async function printCrds(flags: CrdFlags): Promise<number> {
  const files = flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'];
  const { report, crds } = await (await generateTools()).generateCrds(files);
  if (report !== undefined) printNote(report);
  if (crds === undefined) return 1;
  for (const crd of crds) if (crd.note !== undefined) printNote(crd.note);
  if (crds.length > 0)
    printLine(
      crds
        .map((d) => `---\n${d.yaml}`)
        .join('')
        .trimEnd(),
    );
  return 0;
}

interface BundleFlags {
  readonly katalog: string[];
  readonly output?: string;
  readonly namespace?: string;
  readonly image?: string;
  readonly replicas?: number;
  readonly leaderElect?: boolean;
  readonly helmValues?: boolean;
}

async function printBundle(flags: BundleFlags): Promise<number> {
  const files = flags.katalog.length > 0 ? flags.katalog : ['katalog.yaml'];
  const tools = await generateTools();
  const outcome = await tools.generateBundle(files, {
    namespace: flags.namespace,
    image: flags.image,
    replicas: flags.replicas,
    leaderElection: flags.leaderElect === true,
    version: VERSION,
  });
  if (outcome.report !== undefined) printNote(outcome.report);
  if (outcome.error !== undefined) printNote(`error: ${outcome.error}`);
  if (outcome.objects === undefined || outcome.helmValues === undefined) return 1;
  if (flags.helmValues === true) {
    printLine(tools.helmValuesYaml(outcome.helmValues).trimEnd());
    return 0;
  }
  if (flags.output === undefined) {
    printLine(tools.bundleYaml(outcome.objects).trimEnd());
    return 0;
  }
  for (const path of await tools.writeBundle(flags.output, outcome.objects)) printNote(`wrote ${path}`);
  return 0;
}

function parseReplicas(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number, 0 or more');
  return n;
}

function registerBundle(generate: Command): void {
  generate
    .command('bundle')
    .description(
      'print what installs the Katalog in a cluster: its CRDs, a ServiceAccount with the least RBAC its ' +
        'runtime needs, the Katalog as a ConfigMap, a Deployment running `ork run`, a Service and a ' +
        'PodDisruptionBudget',
    )
    .option(
      '-k, --katalog <file>',
      'a Katalog file; repeat to merge several (default: katalog.yaml)',
      collect,
      [],
    )
    .option('-o, --output <dir>', 'write one file per object kind into this folder instead of stdout')
    .option('-n, --namespace <ns>', 'the namespace to install the runtime into (default: orkestra-system)')
    .option('--image <image>', 'the runtime image (default: ghcr.io/orkspace/orkestra:<version>)')
    .option('--replicas <n>', 'replicas of the Deployment (default: 1; 2 with --leader-elect)', parseReplicas)
    .option('--leader-elect', 'run the replicas with leader election (and grant the Lease)')
    .option('--helm-values', "print the Helm chart's values for this Katalog instead of the objects")
    .action(async (flags: BundleFlags) => {
      process.exitCode = await printBundle(flags);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `ork generate crd|schema`. */
export function registerGenerateCommand(program: Command): void {
  const generate = program
    .command('generate')
    .description('generate artefacts: CRD manifests, the install bundle, the JSON Schema');
  generate
    .command('crd')
    .description('print a CustomResourceDefinition (YAML) for every CRD entry without a crdFile')
    .option(
      '-k, --katalog <file>',
      'a Katalog file; repeat to merge several (default: katalog.yaml)',
      collect,
      [],
    )
    .action(async (flags: CrdFlags) => {
      process.exitCode = await printCrds(flags);
    });
  registerBundle(generate);
  generate
    .command('schema')
    .description('print the Katalog JSON Schema (for editors: yaml-language-server, VS Code)')
    .action(async () => {
      printLine((await generateTools()).renderKatalogJsonSchema().trimEnd());
    });
}
