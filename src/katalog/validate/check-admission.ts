/** Checks of normalize, mutation, conversion and notes. */
import type { CrdDeclaration, LoadedKatalog } from '../load/types.ts';
import type { Reporter } from './report.ts';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkConversion(crd: CrdDeclaration, r: Reporter): void {
  const conversion = crd.entry.conversion;
  if (conversion === undefined) return;
  const base = ['spec', 'crds', crd.key, 'conversion'];
  const seen = new Set<string>();
  conversion.paths.forEach((p, i) => {
    const id = `${p.from}→${p.to}`;
    if (p.from === p.to)
      r.at(crd.source, [...base, 'paths', i, 'to'], {
        code: 'invalid-value',
        message: `conversion path converts ${p.from} to itself`,
        target: 'value',
      });
    if (seen.has(id))
      r.at(crd.source, [...base, 'paths', i], {
        code: 'duplicate-name',
        message: `conversion path ${p.from} → ${p.to} is declared twice`,
        target: 'value',
      });
    seen.add(id);
  });
  const versions = new Set(conversion.paths.flatMap((p) => [p.from, p.to]));
  if (versions.size > 0 && !versions.has(conversion.storageVersion))
    r.at(crd.source, [...base, 'storageVersion'], {
      code: 'invalid-value',
      message: `storageVersion "${conversion.storageVersion}" appears in no conversion path`,
      target: 'value',
    });
}

function checkMutation(crd: CrdDeclaration, r: Reporter): void {
  crd.entry.mutation?.rules.forEach((rule, i) => {
    if (rule.default !== undefined && rule.override !== undefined)
      r.at(crd.source, ['spec', 'crds', crd.key, 'mutation', 'rules', i, 'default'], {
        severity: 'warning',
        code: 'no-effect',
        message: 'a rule with override never uses its default (override always wins)',
      });
  });
}

function checkNotes(katalog: LoadedKatalog, r: Reporter): void {
  for (const [name, note] of katalog.notes) {
    if (!IDENTIFIER.test(name))
      r.at(note.source, note.path, {
        code: 'invalid-name',
        message: `note name "${name}" is not an identifier, so templates cannot call it`,
        hint: 'use letters, digits and _ (e.g. isProduction)',
      });
  }
}

/** Runs the admission and notes checks. */
export function checkAdmission(katalog: LoadedKatalog, r: Reporter): void {
  for (const crd of katalog.crds) {
    checkConversion(crd, r);
    checkMutation(crd, r);
  }
  checkNotes(katalog, r);
}
