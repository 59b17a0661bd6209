// The floor of an admission webhook on this machine: a process that answers every AdmissionReview
// with `allowed: true` and does nothing else (no rules, no templates, no operator beside it), on
// Node's HTTPS server like the runtime's listener. Started as a child by bench/webhook-latency.ts;
// prints `{"port": …, "ca": "<PEM>"}` on its first line once listening.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { issueWebhookCertificates } from '../../src/webhooks/certificates.ts';

const certs = issueWebhookCertificates({
  dnsNames: [],
  ipAddresses: ['127.0.0.1'],
  now: new Date(),
  validForMs: 3_600_000,
});
const server = createServer(
  { cert: certs.serving.certificatePem, key: certs.serving.keyPem, minVersion: 'TLSv1.2' },
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const review = JSON.parse(Buffer.concat(chunks).toString()) as { request: { uid: string } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          response: { uid: review.request.uid, allowed: true },
        }),
      );
    });
  },
);
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ port, ca: certs.caCertificatePem }));
});
