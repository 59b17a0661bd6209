/**
 * The few Secret calls the certificate sources make, behind an interface so that their logic is
 * tested on an in-memory store and runs on the API server through {@link kubeSecrets}.
 */
import { isNotFound, type GroupVersionResource, type KubeClient } from '../kube/index.ts';
import type { SecretObject } from './stored-certificates.ts';

/** One namespace's Secrets, as far as the certificates need them. */
export interface SecretStore {
  /** The Secret, or undefined when there is none. */
  get(name: string, signal?: AbortSignal): Promise<SecretObject | undefined>;
  /** Creates it. @throws an error that `isConflict` recognises when it exists already */
  create(secret: SecretObject): Promise<SecretObject>;
  /** Replaces it if its `metadata.resourceVersion` is current. @throws a conflict otherwise */
  replace(secret: SecretObject): Promise<SecretObject>;
}

const SECRETS: GroupVersionResource = { group: '', version: 'v1', resource: 'secrets', namespaced: true };

/** The Secrets of `namespace` on the API server. */
export function kubeSecrets(client: KubeClient, namespace: string): SecretStore {
  return {
    get: async (name, signal) => {
      try {
        return await client.get<SecretObject>(SECRETS, name, { namespace, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    create: (secret) => client.create<SecretObject>(SECRETS, secret, { namespace }),
    replace: (secret) => client.replace<SecretObject>(SECRETS, secret, { namespace }),
  };
}
