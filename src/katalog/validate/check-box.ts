/** Checks inside one operatorBox: cross references, providers, names, hook flags, externals, services. */
import { suggestClosest } from '../../util/index.ts';
import type { CrdDeclaration, LoadedKatalog } from '../load/types.ts';
import { checkAutoscale } from './check-autoscale.ts';
import { checkNameCollisions } from './check-names.ts';
import { didYouMean } from './report.ts';
import type { Reporter } from './report.ts';

type Path = (string | number)[];
type Box = CrdDeclaration['entry']['operatorBox'];

const boxPath = (crd: CrdDeclaration): Path => ['spec', 'crds', crd.key, 'operatorBox'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkCross(crd: CrdDeclaration, keys: readonly string[], r: Reporter): void {
  const names = new Set<string>();
  crd.entry.operatorBox.cross.forEach((c, i) => {
    const path = [...boxPath(crd), 'cross', i];
    if (!keys.includes(c.crd))
      r.at(crd.source, [...path, 'crd'], {
        code: 'unknown-crd',
        message: `cross names unknown CRD "${c.crd}"${didYouMean(suggestClosest(c.crd, keys))}`,
        target: 'value',
      });
    const as = c.as ?? c.crd;
    if (names.has(as))
      r.at(crd.source, path, {
        code: 'duplicate-name',
        message: `two cross entries are both available as .cross.${as}`,
        hint: 'give each a distinct `as`',
      });
    names.add(as);
    if (!IDENTIFIER.test(as))
      r.at(crd.source, c.as === undefined ? [...path, 'crd'] : [...path, 'as'], {
        severity: 'warning',
        code: 'awkward-name',
        message: `.cross.${as} cannot be written in a template path`,
        hint: 'set `as` to an identifier such as "db"',
        target: 'value',
      });
  });
}

function checkProviders(crd: CrdDeclaration, katalog: LoadedKatalog, r: Reporter): void {
  const declared = [...katalog.providers.keys()];
  for (const name of Object.keys(crd.entry.operatorBox.providers)) {
    if (katalog.providers.has(name)) continue;
    r.at(crd.source, [...boxPath(crd), 'providers', name], {
      code: 'undeclared-provider',
      message: `provider "${name}" is used but not declared in the Katalog's providers${didYouMean(suggestClosest(name, declared))}`,
      hint: `add it at the top level: providers: [{name: ${name}}]`,
    });
  }
}

interface Group {
  readonly value: Record<string, unknown>;
  readonly path: Path;
}

function checkGroupFlags(crd: CrdDeclaration, { value: group, path }: Group, r: Reporter): void {
  const hook = String(path[path.length - 1]);
  for (const [key, list] of Object.entries(group)) {
    if (!Array.isArray(list)) continue;
    (list as Record<string, unknown>[]).forEach((entry, i) => {
      const at = [...path, key, i];
      if (entry['reconcile'] === true && (hook !== 'onCreate' || key === 'jobs'))
        r.at(crd.source, [...at, 'reconcile'], {
          severity: 'warning',
          code: 'no-effect',
          message:
            key === 'jobs'
              ? 'reconcile has no effect on Jobs (created once, never updated)'
              : `reconcile has no effect under ${hook} (it is for onCreate entries)`,
        });
      if (entry['rotateAfter'] !== undefined && entry['once'] !== true)
        r.at(crd.source, [...at, 'rotateAfter'], {
          code: 'missing-field',
          message: 'rotateAfter needs once: true (only values generated once are rotated)',
        });
      if (key === 'services' && entry['port'] === undefined && entry['ports'] === undefined)
        r.at(crd.source, at, {
          code: 'missing-field',
          message: 'a Service needs port or ports',
          target: 'value',
        });
    });
  }
}

function checkExternals(crd: CrdDeclaration, { value: group, path }: Group, r: Reporter): void {
  const names = new Set<string>();
  ((group['external'] ?? []) as { name: string }[]).forEach((e, i) => {
    if (names.has(e.name))
      r.at(crd.source, [...path, 'external', i, 'name'], {
        code: 'duplicate-name',
        message: `two external calls are both named "${e.name}"`,
        target: 'value',
      });
    names.add(e.name);
  });
}

function hookGroups(box: Box, base: Path): { live: Group[]; deletion: Group[] } {
  const live = [
    { value: box.onCreate as Record<string, unknown>, path: [...base, 'onCreate'] },
    { value: box.onReconcile as Record<string, unknown>, path: [...base, 'onReconcile'] },
  ];
  const { ordered: _o, groups, timeout: _t, ...onDelete } = box.onDelete;
  const deletion = [
    { value: onDelete as Record<string, unknown>, path: [...base, 'onDelete'] },
    ...groups.map((g, i) => ({
      value: g,
      path: [...base, 'onDelete', 'groups', i],
    })),
  ];
  return { live, deletion };
}

/** Runs the operatorBox checks of every CRD. */
export function checkBoxes(katalog: LoadedKatalog, r: Reporter): void {
  const keys = katalog.crds.map((c) => c.key);
  for (const crd of katalog.crds) {
    checkCross(crd, keys, r);
    checkAutoscale(crd, keys, r);
    checkProviders(crd, katalog, r);
    const { live, deletion } = hookGroups(crd.entry.operatorBox, boxPath(crd));
    checkNameCollisions(crd, live, r);
    for (const g of deletion) checkNameCollisions(crd, [g], r);
    for (const g of [...live, ...deletion]) {
      checkGroupFlags(crd, g, r);
      checkExternals(crd, g, r);
    }
  }
}
