/** Loads, validates and compiles one fixture the way `ork validate` does, from an in-memory file set. */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { katalogTemplateChecker } from '../../src/app/katalog.ts';
import { compileKatalog, loadKatalog, validateKatalog } from '../../src/katalog/index.ts';
import type { Diagnostic, Plan } from '../../src/katalog/index.ts';

/** The outcome of checking one fixture file. */
export interface FixtureOutcome {
  readonly diagnostics: readonly Diagnostic[];
  readonly plans: readonly Plan[] | undefined;
}

/** Checks a fixture; diagnostics name it by its base name (`NAME.yaml`); crdFiles resolve beside it. */
export async function checkFixture(path: string): Promise<FixtureOutcome> {
  const dir = dirname(path);
  const readFixture = (p: string): Promise<string> => readFile(join(dir, p), 'utf8');
  const loaded = await loadKatalog([basename(path)], { readFile: readFixture });
  const katalog = loaded.katalog;
  const checks = katalog
    ? validateKatalog(katalog, { checkTemplate: katalogTemplateChecker([...katalog.notes.keys()]) })
    : [];
  const diagnostics = [...loaded.diagnostics, ...checks];
  const clean = katalog !== undefined && !diagnostics.some((d) => d.severity === 'error');
  return { diagnostics, plans: clean ? compileKatalog(katalog) : undefined };
}
