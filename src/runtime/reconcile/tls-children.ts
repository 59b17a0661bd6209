/**
 * The door to the certificate code: desired children with `tls` Secrets get their key material from
 * tls-secrets.ts, imported on first need, so that an operator without such Secrets never loads it
 * (nor the X.509 builder behind it).
 */
import type { KubeObject } from '../../kube/index.ts';
import type { DesiredChild } from '../../resources/index.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import type { TlsResolution } from './tls-secrets.ts';

let loaded: Promise<typeof import('./tls-secrets.ts')> | undefined;

/**
 * The desired children with the key material of their `tls` Secrets filled in (see tls-secrets.ts);
 * the children as they are when none has `tls`.
 * @throws as resolveTlsSecrets
 */
export async function withTlsMaterial(
  desired: DesiredChild[],
  cr: KubeObject,
  deps: ReconcileDeps,
): Promise<TlsResolution> {
  if (!desired.some((child) => child.secret?.tls !== undefined)) {
    return { children: desired, renewInMs: undefined };
  }
  loaded ??= import('./tls-secrets.ts');
  const { resolveTlsSecrets } = await loaded;
  return resolveTlsSecrets(desired, {
    cr,
    cache: deps.cache,
    events: deps.events,
    now: deps.now,
    keys: deps.keys,
    issued: deps.issuedTls,
  });
}
