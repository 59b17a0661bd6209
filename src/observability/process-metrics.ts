/** Process metrics under their usual names: resident memory, CPU time, heap, start time, open handles. */
import type { Collector } from './prometheus.ts';

const startTimeSeconds = Math.round(Date.now() / 1000);

function gauge(name: string, help: string, value: number): string {
  const type = name.endsWith('_total') ? 'counter' : 'gauge';
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}`;
}

/** A collector that reads the process's figures when rendered. */
export const processCollector: Collector = {
  render(): string {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return [
      gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', memory.rss),
      gauge(
        'process_cpu_seconds_total',
        'Total user and system CPU time spent in seconds.',
        (cpu.user + cpu.system) / 1e6,
      ),
      gauge(
        'process_start_time_seconds',
        'Start time of the process since unix epoch in seconds.',
        startTimeSeconds,
      ),
      gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', memory.heapUsed),
      gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', memory.heapTotal),
      gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', memory.external),
    ].join('\n');
  },
};
