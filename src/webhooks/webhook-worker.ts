/**
 * Entry of the webhook listener's thread (a worker_threads Worker, built as dist/webhook-worker.js).
 * The listener runs apart from the reconciles so that the API server's calls, which every
 * `kubectl apply` of a CR waits on, never wait behind a reconcile or a garbage collection of the
 * operator's caches: a thread has its own event loop and its own heap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveInThread } from './listener-thread-body.ts';
import type { ListenerThreadInput } from './listener-thread-messages.ts';

if (parentPort === null) throw new Error('webhook-worker runs only as a worker thread');
await serveInThread(workerData as ListenerThreadInput, parentPort);
