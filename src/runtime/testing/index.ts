/**
 * The runtime's testing entry point: fakes that tests drive by hand. Production code never imports
 * it (the layer check forbids it), and the runtime's own barrel exports none of it.
 */
export { FakeClock } from './fake-clock.ts';
export { FakeListerWatcher } from './fake-lister-watcher.ts';
export type { FakeListerWatcherOptions } from './fake-lister-watcher.ts';
