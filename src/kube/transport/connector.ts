/**
 * The socket factory of a pool: TLS with one secure context (CA, client certificate and key
 * parsed once, not per connection), TLS session resumption, and a callback per opened
 * connection so connections can be counted.
 */
import { createSecureContext } from 'node:tls';
import { buildConnector } from 'undici';
import type { TlsConfig } from '../config/cluster-config.ts';

/** The TLS options every connection of a cluster shares (the secure context is built here, once). */
export function buildTlsOptions(tls: TlsConfig): buildConnector.BuildOptions {
  const secureContext = createSecureContext({
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
  });
  return {
    secureContext,
    rejectUnauthorized: tls.insecureSkipTlsVerify !== true,
    ...(tls.serverName === undefined ? {} : { servername: tls.serverName }),
  };
}

/** Wraps undici's connector to call `onConnect` for each connection that opened. */
export function buildCountingConnector(
  options: buildConnector.BuildOptions,
  onConnect: () => void,
): buildConnector.connector {
  const connect = buildConnector(options);
  return (connectOptions, callback) => {
    connect(connectOptions, (...args: buildConnector.CallbackArgs) => {
      if (args[0] === null) onConnect();
      callback(...args);
    });
  };
}
