/**
 * The webhook listener as it runs inside its own thread: it builds the features from their input,
 * serves their routes on the HTTPS listener, relays what the handlers measure, and takes new
 * certificates and the order to stop from the run.
 */
import type { MessagePort } from 'node:worker_threads';
import type { WebhookMetrics } from './feature.ts';
import { routesOf, webhookFeatures } from './features.ts';
import type { ListenerThreadInput, RunMessage, ThreadMessage } from './listener-thread-messages.ts';
import { WebhookServer } from './server.ts';

/** Metrics that post each record to the run, which keeps the registry. */
export function metricsRelay(post: (message: ThreadMessage) => void): WebhookMetrics {
  const counter = (name: keyof WebhookMetrics) => ({
    inc: (labels: Readonly<Record<string, string>>) => {
      post({ type: 'metric', name, labels });
    },
  });
  const histogram = (name: keyof WebhookMetrics) => ({
    observe: (labels: Readonly<Record<string, string>>, value: number) => {
      post({ type: 'metric', name, labels, value });
    },
  });
  return {
    admissionRequests: counter('admissionRequests'),
    admissionDuration: histogram('admissionDuration'),
    conversionRequests: counter('conversionRequests'),
    conversionDuration: histogram('conversionDuration'),
  };
}

/** Serves the input's features until the run says stop; the thread then ends by itself. */
export async function serveInThread(input: ListenerThreadInput, port: MessagePort): Promise<void> {
  const post = (message: ThreadMessage): void => {
    port.postMessage(message);
  };
  const features = webhookFeatures({ ...input.features, metrics: metricsRelay(post) });
  const { listen } = input;
  const server = new WebhookServer(routesOf(features), input.certificate, {
    port: listen.port,
    ...(listen.host === undefined ? {} : { host: listen.host }),
  });
  const stop = new AbortController();
  port.on('message', (message: RunMessage) => {
    if (message.type === 'certificate') server.useCertificate(message.certificate);
    else {
      stop.abort();
      port.close();
    }
  });
  await server.start(stop.signal);
  post({ type: 'listening', port: server.port ?? listen.port });
}
