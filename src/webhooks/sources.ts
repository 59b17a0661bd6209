/**
 * The certificate source a run uses: the self-managed certificates in a Secret of their own, or a
 * certificate the user provides in a directory or a Secret.
 */
import type { KubeClient } from '../kube/index.ts';
import type { Logger } from '../observability/index.ts';
import { realClock, type Clock } from '../runtime/index.ts';
import type { CertificateSource } from './certificate-source.ts';
import { ManagedCertificates } from './managed-certificates.ts';
import { kubeSecrets } from './secret-store.ts';
import type { CertificateNames } from './stored-certificates.ts';
import { certificateDirectory, certificateSecret, UserCertificates } from './user-certificates.ts';

/** Where the certificates come from. */
export type CertificateChoice =
  | {
      readonly kind: 'managed';
      readonly namespace: string;
      readonly name: string;
      readonly validForMs: number;
      readonly rotateBeforeMs: number;
    }
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'secret'; readonly namespace: string; readonly name: string };

/** What every source needs. */
export interface SourceContext {
  readonly client: KubeClient;
  readonly names: CertificateNames;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** Another replica's rotation is seen within this; a user's renewed certificate too. */
const POLL_MS = 30_000;
/** A rotation step waits this long for the previous one to reach every replica and the API server. */
const PROPAGATION_MS = 2 * POLL_MS;
/** A self-managed CA lives ten times as long as its serving certificates. */
const CA_LIFETIMES = 10;

/** The source of a run's certificates. */
export function certificateSource(choice: CertificateChoice, context: SourceContext): CertificateSource {
  const { client, names, logger } = context;
  const clock = context.clock ?? realClock;
  const common = { names, clock, pollMs: POLL_MS, logger };
  switch (choice.kind) {
    case 'directory':
      return new UserCertificates({
        ...common,
        where: `directory ${choice.path}`,
        read: certificateDirectory(choice.path),
      });
    case 'secret': {
      const read = certificateSecret(kubeSecrets(client, choice.namespace), choice.name);
      return new UserCertificates({ ...common, where: `Secret ${choice.namespace}/${choice.name}`, read });
    }
    case 'managed': {
      const { validForMs, rotateBeforeMs } = choice;
      const policy = {
        names,
        validForMs,
        rotateBeforeMs,
        caValidForMs: CA_LIFETIMES * validForMs,
        propagationMs: PROPAGATION_MS,
      };
      const secrets = kubeSecrets(client, choice.namespace);
      return new ManagedCertificates({ ...common, secrets, name: choice.name, policy });
    }
  }
}
