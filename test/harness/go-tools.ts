/**
 * Go tools the tests build from their modules into the user cache (Helm for the chart tests, the
 * registry and ORAS for the OCI tests), like the dev cluster's binaries: keyed by version, built under the cache's lock, moved into place only when complete,
 * reused after. The CNCF distribution registry and ORAS are `go install`ed; `htpasswd` is a
 * two-file module of ours over golang.org/x/crypto's bcrypt (the registry accepts only bcrypt).
 */
import { access, constants, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { withBuildLock } from '../../src/devcluster/build-lock.ts';
import { runCommand } from '../../src/devcluster/command.ts';

/** The registry the tests run: CNCF distribution's current v3 release. */
export const REGISTRY_VERSION = 'v3.1.2';
/** The ORAS client the interoperability tests run. */
export const ORAS_VERSION = 'v1.3.6';
const CRYPTO_VERSION = 'v0.58.0';

interface GoTool {
  readonly name: string;
  readonly version: string;
  /** `go install` of a package at a version, or a module of ours built with `go build`. */
  readonly install?: string;
  readonly files?: Record<string, string>;
  /** @default '-s -w' */
  readonly ldflags?: string;
}

/** The Helm the chart tests build: the current v4 release of its Go module. */
export const HELM_VERSION = 'v4.3.2';
const HELM_MODULE = 'helm.sh/helm/v4';

const HTPASSWD_MAIN = `// htpasswd prints one bcrypt htpasswd line: htpasswd USER PASSWORD.
package main

import (
	"fmt"
	"os"

	"golang.org/x/crypto/bcrypt"
)

func main() {
	hash, err := bcrypt.GenerateFromPassword([]byte(os.Args[2]), bcrypt.MinCost)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s:%s\\n", os.Args[1], hash)
}
`;

const TOOLS = {
  registry: {
    name: 'registry',
    version: REGISTRY_VERSION,
    install: `github.com/distribution/distribution/v3/cmd/registry@${REGISTRY_VERSION}`,
  },
  oras: { name: 'oras', version: ORAS_VERSION, install: `oras.land/oras/cmd/oras@${ORAS_VERSION}` },
  helm: {
    name: 'helm',
    version: HELM_VERSION,
    install: `${HELM_MODULE}/cmd/helm@${HELM_VERSION}`,
    // the version Helm's own Makefile stamps on a release build; without it `helm version` says "v4.3"
    ldflags: `-s -w -X ${HELM_MODULE}/internal/version.version=${HELM_VERSION} -X ${HELM_MODULE}/internal/version.metadata=`,
  },
  htpasswd: {
    name: 'htpasswd',
    version: CRYPTO_VERSION,
    files: {
      'go.mod': `module orkestra.local/htpasswd\n\ngo 1.23.0\n\nrequire golang.org/x/crypto ${CRYPTO_VERSION}\n`,
      'main.go': HTPASSWD_MAIN,
    },
  },
} as const satisfies Record<string, GoTool>;

const built = new Map<string, Promise<string>>();

/** The path of a tool's binary, built first when the cache does not have it. */
export function goTool(tool: keyof typeof TOOLS, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  let bin = built.get(tool);
  if (bin === undefined) {
    bin = ensure(TOOLS[tool], env);
    built.set(tool, bin);
  }
  return bin;
}

async function ensure(tool: GoTool, env: NodeJS.ProcessEnv): Promise<string> {
  const root = join(env['XDG_CACHE_HOME'] ?? join(env['HOME'] ?? homedir(), '.cache'), 'orkestra', 'tools');
  const dir = join(root, `${tool.name}-${tool.version}`);
  const bin = join(dir, tool.name);
  if (await isExecutable(bin)) return bin;
  await withBuildLock(root, async () => {
    if (await isExecutable(bin)) return; // another process built it while this one waited
    const started = Date.now();
    await build(tool, env, dir);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`[test] built ${tool.name} ${tool.version} from its Go module in ${seconds}s\n`);
  });
  return bin;
}

async function build(tool: GoTool, env: NodeJS.ProcessEnv, dir: string): Promise<void> {
  const staging = `${dir}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const goEnv = { ...env, GOBIN: staging, GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
  const steps: string[][] = [];
  let cwd = staging;
  if (tool.install !== undefined)
    steps.push(['install', '-trimpath', '-ldflags', tool.ldflags ?? '-s -w', tool.install]);
  else {
    cwd = join(staging, 'src');
    await mkdir(cwd);
    for (const [name, text] of Object.entries(tool.files ?? {})) await writeFile(join(cwd, name), text);
    steps.push(['mod', 'tidy'], ['build', '-trimpath', '-o', join(staging, tool.name), '.']);
  }
  for (const args of steps) {
    const result = await runCommand('go', args, { cwd, env: goEnv });
    if (result.code !== 0) throw new Error(`go ${args.join(' ')} failed:\n${result.tail.join('\n')}`);
  }
  await rm(join(staging, 'src'), { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}
