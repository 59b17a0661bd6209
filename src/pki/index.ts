/**
 * pki — X.509 certificates made by Orkestra itself: a small DER encoder and a certificate builder
 * signing with node:crypto (ECDSA, RSA, Ed25519), and the reading of a CA given as PEM. Used for the
 * key and certificate of `tls` Secrets and meant for the admission webhook's CA and serving
 * certificate. Builders take keys, serial numbers and times as input: randomness and the clock
 * belong to the caller. Loaded lazily by the runtime, only for Katalogs that need certificates.
 */
export { createCertificate } from './certificate.ts';
export { CertificateAuthorityError, isSelfSigned, readAuthority } from './authority.ts';
export type { CertificateAuthority } from './authority.ts';
