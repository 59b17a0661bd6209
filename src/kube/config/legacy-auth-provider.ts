/**
 * The legacy kubeconfig `auth-provider` (oidc, gcp, azure). Orkestra's own loader does not speak
 * them; when a kubeconfig names one, @kubernetes/client-node is imported lazily — only then, since
 * it costs ~80 MB of memory — and asked for the Authorization header (it refreshes expired tokens
 * itself). Without that package, a clear error names both fixes.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError, type Credentials } from './cluster-config.ts';

/** The auth-provider stanza of a kubeconfig user. */
export interface AuthProvider {
  user: string;
  name: string;
  config: Record<string, unknown>;
}

const execFixes: Record<string, string> = {
  oidc: 'the kubelogin exec plugin (`kubectl oidc-login setup`)',
  gcp: 'the gke-gcloud-auth-plugin exec plugin (`gcloud components install gke-gcloud-auth-plugin`)',
  azure: 'the kubelogin exec plugin (`kubelogin convert-kubeconfig`)',
};

/** Credentials of a legacy auth-provider, served by client-node once it has been imported. */
export function legacyAuthProviderCredentials(provider: AuthProvider, server: string): Credentials {
  let loading: Promise<KubeConfig> | undefined;
  const load = () => (loading ??= importKubeConfig(provider, server));
  return {
    async authorization() {
      const opts: { headers: Record<string, string> } = { headers: {} };
      await (await load()).applyToHTTPSOptions(opts);
      return opts.headers['Authorization'] ?? opts.headers['authorization'];
    },
    // client-node checks the token's expiry on every call and refreshes it itself.
    refresh: () => Promise.resolve(true),
  };
}

async function importKubeConfig(provider: AuthProvider, server: string): Promise<KubeConfig> {
  let KubeConfigClass: new () => KubeConfig;
  try {
    ({ KubeConfig: KubeConfigClass } = await import('@kubernetes/client-node'));
  } catch {
    const exec = execFixes[provider.name] ?? 'an exec credential plugin';
    throw new KubeConfigError(
      `user "${provider.user}" uses the legacy auth-provider "${provider.name}": install @kubernetes/client-node ` +
        `(npm install @kubernetes/client-node) so Orkestra can use it, or switch to ${exec}`,
    );
  }
  const kubeConfig = new KubeConfigClass();
  kubeConfig.loadFromClusterAndUser(
    { name: 'cluster', server, skipTLSVerify: false },
    { name: provider.user, authProvider: { name: provider.name, config: provider.config } },
  );
  return kubeConfig;
}
