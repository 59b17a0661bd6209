// Work queue throughput: adds/s (distinct and duplicate keys), delayed adds/s, and keys processed/s
// by N async workers. Prints numbers only; run with `node bench/workqueue.ts [keys]`.
import { performance } from 'node:perf_hooks';
import { WorkQueue } from '../src/runtime/index.ts';

const KEYS = Number(process.argv[2] ?? 200_000);
const keys = Array.from({ length: KEYS }, (_, i) => `namespace-${i % 50}/object-${i}`);

function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString('en-US');
}

function benchAdds(): void {
  const queue = new WorkQueue();
  let start = performance.now();
  for (const key of keys) queue.add(key);
  console.log(`add distinct keys                ${rate(KEYS, performance.now() - start)} /s`);
  start = performance.now();
  for (const key of keys) queue.add(key);
  console.log(`add duplicate keys               ${rate(KEYS, performance.now() - start)} /s`);
  queue.shutDown();
}

function benchAddAfter(): void {
  const queue = new WorkQueue();
  const start = performance.now();
  for (let i = 0; i < KEYS; i++) queue.addAfter(keys[i] ?? '', 60_000 + ((i * 7919) % 10_000));
  console.log(`addAfter (one timer)             ${rate(KEYS, performance.now() - start)} /s`);
  queue.shutDown();
}

async function benchWorkers(workers: number, asyncWork: boolean): Promise<void> {
  const queue = new WorkQueue();
  for (const key of keys) queue.add(key);
  let processed = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      if (asyncWork) await new Promise((resolve) => setImmediate(resolve));
      processed++;
      queue.done(key);
      if (processed === KEYS) queue.shutDown();
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const label = `process, ${workers} worker${workers > 1 ? 's' : ''}${asyncWork ? ', 1 tick each' : ''}`;
  console.log(`${label.padEnd(33)}${rate(processed, performance.now() - start)} /s`);
}

console.log(`keys: ${KEYS.toLocaleString('en-US')}, node ${process.version}`);
benchAdds();
benchAddAfter();
for (const workers of [1, 4, 16]) await benchWorkers(workers, false);
for (const workers of [1, 16, 64]) await benchWorkers(workers, true);
