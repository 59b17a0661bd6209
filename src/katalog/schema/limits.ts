/**
 * Katalog-level limits: the budgets of template execution (spec §6) and the number of children one CR may
 * render (a forEach over a CR's list is as long as whoever writes the CR makes it), for a Katalog whose real
 * templates and CRs need more than the defaults. The defaults are the engine's own (DEFAULT_EXECUTE_LIMITS), repeated here so the
 * schema and the reference show them.
 */
import { z } from 'zod';
import { duration, parseDurationMs } from './primitives.ts';

const MI = 1_048_576;

function within(n: number | undefined, min: number, max: number): boolean {
  return n !== undefined && n >= min && n <= max;
}

function bound(init: { min: number; max: number; fallback: number; what: string }) {
  return z
    .int()
    .min(init.min)
    .max(init.max)
    .default(init.fallback)
    .describe(`${init.what} (${init.min.toLocaleString('en')} to ${init.max.toLocaleString('en')}).`);
}

/** The budgets of template execution. */
export const TemplateLimits = z
  .strictObject({
    maxSteps: bound({
      min: 1000,
      max: 100_000_000,
      fallback: 1_000_000,
      what: 'Evaluation steps (actions, commands, loop iterations) of one template',
    }),
    maxOutputBytes: bound({
      min: 1024,
      max: 64 * MI,
      fallback: 4 * MI,
      what: 'Characters one template may print',
    }),
    maxValueBytes: bound({
      min: 1024,
      max: 64 * MI,
      fallback: MI,
      what: 'Largest string, list or map a function may build, counted as its JSON size',
    }),
    maxDepth: bound({ min: 1, max: 1000, fallback: 200, what: 'Nesting of `{{template}}` calls and notes' }),
    maxValueDepth: bound({
      min: 1,
      max: 1000,
      fallback: 100,
      what: 'Nesting of the lists and maps a function may build or serialise',
    }),
    maxReconcileOutputBytes: bound({
      min: 1024,
      max: 256 * MI,
      fallback: 32 * MI,
      what: 'Characters all the templates of one reconcile (or `ork render` of one CR) may print',
    }),
    timeout: duration
      .refine((t) => within(parseDurationMs(t), 1, 60_000), { error: 'must be between 1ms and 1m' })
      .default('2s')
      .describe(
        'Time all the templates of one reconcile may spend executing (waits on the API server do not count; at most 1m).',
      ),
  })
  .meta({ id: 'TemplateLimits' });

/** Limits of a Katalog's operators. */
export const Limits = z
  .strictObject({
    templates: TemplateLimits.prefault({}).describe(
      'Budgets of template execution; a template that exceeds one fails its reconcile (Ready=False), never the process.',
    ),
    maxChildren: bound({
      min: 1,
      max: 1_000_000,
      fallback: 10_000,
      what: 'Children one CR may render, every forEach element counted; a CR that would render more fails its reconcile before any is built',
    }),
  })
  .meta({ id: 'Limits' });

/** Parsed limits, defaults applied. */
export type Limits = z.output<typeof Limits>;
