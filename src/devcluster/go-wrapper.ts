/**
 * Wrapper Go modules. `go install k8s.io/kubernetes/cmd/...@v` is refused (its go.mod has
 * replaces) and so is etcd's server module, so each is built from a two-file module of ours.
 */
import { KUBERNETES_COMMANDS, KUBERNETES_STAGING_MODULES } from './versions.ts';

/** The files of a wrapper module: name → content. */
export type WrapperFiles = Record<string, string>;

/** The wrapper module that builds kube-apiserver, kube-controller-manager and kube-scheduler. */
export function kubernetesWrapper(version: string): WrapperFiles {
  const staging = `v0.${version.replace(/^v1\./, '')}`;
  const replaces = KUBERNETES_STAGING_MODULES.map((m) => `\tk8s.io/${m} => k8s.io/${m} ${staging}`).join(
    '\n',
  );
  const imports = KUBERNETES_COMMANDS.map((c) => `\t_ "k8s.io/kubernetes/cmd/${c}"`).join('\n');
  return {
    // Kubernetes declares `godebug default=go1.24`; a dependency's godebug is ignored, so the main module repeats it.
    'go.mod': `module orkestra.local/kubernetes\n\ngo 1.24.0\n\ngodebug default=go1.24\n\nrequire k8s.io/kubernetes ${version}\n\nreplace (\n${replaces}\n)\n`,
    'tools.go': `//go:build tools\n\npackage tools\n\nimport (\n${imports}\n)\n`,
  };
}

/** The wrapper module that builds etcd. */
export function etcdWrapper(version: string): WrapperFiles {
  return {
    'go.mod': `module orkestra.local/etcd\n\ngo 1.23.0\n\nrequire go.etcd.io/etcd/server/v3 ${version}\n`,
    'tools.go': `//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n`,
  };
}

/** Linker flags that give the Kubernetes binaries their real version (as hack/lib/version.sh sets them). */
export function kubernetesLdflags(version: string, buildDate: string): string {
  const [major = '1', minor = '0'] = version.replace(/^v/, '').split('.');
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=${version}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=${buildDate}`,
    );
  }
  return flags.join(' ');
}
