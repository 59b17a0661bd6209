/**
 * The render golden cases: each folder under test/golden/render/ holds a `case.json` (the `ork render`
 * arguments, paths relative to the repository root, and whether every CR renders) and `expected.txt`
 * (the exact text `ork render` prints, at a fixed clock; `.txt` so that no formatter requotes it).
 * `npm run golden:render` rewrites the expected files; review the diff by eye before committing it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRenderReport, renderFiles } from '../../../src/app/render/render-tools.ts';

/** The repository root. */
export const ROOT = new URL('../../../', import.meta.url).pathname;

/** The folder of the cases. */
export const CASES_DIR = join(ROOT, 'test/golden/render');

/** The clock of every case: status times and `now` are stable. */
export const FIXED_NOW = new Date('2026-01-02T03:04:05Z');

/** The arguments of one case. */
export interface RenderCase {
  readonly name: string;
  readonly katalog: readonly string[];
  readonly cr: readonly string[];
  readonly children?: string;
  readonly crd?: string;
  /** False when some CR is expected to fail (exit 1). @default true */
  readonly ok?: boolean;
}

/** Every case, by folder name. */
export function listCases(): RenderCase[] {
  return readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(CASES_DIR, d.name, 'case.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      name,
      ...(JSON.parse(readFileSync(join(CASES_DIR, name, 'case.json'), 'utf8')) as Omit<RenderCase, 'name'>),
    }));
}

/** The path of a case's expected output. */
export function expectedPath(c: RenderCase): string {
  return join(CASES_DIR, c.name, 'expected.txt');
}

/** Renders a case as `ork render` would print it; `ok` is false when a CR failed. */
export async function renderCase(c: RenderCase): Promise<{ text: string; ok: boolean }> {
  const outcome = await renderFiles({
    katalogFiles: c.katalog.map((f) => join(ROOT, f)),
    crFiles: c.cr.map((f) => join(ROOT, f)),
    childrenDir: c.children === undefined ? undefined : join(ROOT, c.children),
    crd: c.crd,
    now: () => FIXED_NOW,
  });
  const report = outcome.report;
  if (report === undefined) {
    const errors = outcome.load.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    throw new Error(`${c.name}: the Katalog does not load: ${errors.join('; ')}`);
  }
  // Errors name the Katalog file as it was given (here absolute): the goldens show it from the repository.
  return { text: formatRenderReport(report).replaceAll(ROOT, ''), ok: report.ok };
}
