/** Checks across CRD entries: keys, identities, dependsOn (unknown keys and cycles), tuning aliases. */
import { suggestClosest } from '../../util/index.ts';
import type { CrdDeclaration, LoadedKatalog } from '../load/types.ts';
import { didYouMean } from './report.ts';
import type { Reporter } from './report.ts';

const RFC1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const base = (crd: CrdDeclaration): string[] => ['spec', 'crds', crd.key];

function checkKey(crd: CrdDeclaration, r: Reporter): void {
  if (RFC1123.test(crd.key) && crd.key.length <= 63) return;
  r.at(crd.source, base(crd), {
    code: 'invalid-crd-key',
    message: `CRD key "${crd.key}" is not a lowercase RFC-1123 name`,
    hint: `use lowercase letters, digits and "-", e.g. "${crd.key.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}"`,
  });
}

function checkIdentity(crds: readonly CrdDeclaration[], r: Reporter): void {
  const seen = new Map<string, CrdDeclaration>();
  for (const crd of crds) {
    const { group, kind, version } = crd.apiTypes;
    const id = `${group}/${version}, Kind=${kind}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, crd);
    else
      r.at(crd.source, base(crd), {
        code: 'duplicate-crd',
        message: `CRD "${crd.key}" has the same group, version and kind (${id}) as "${first.key}"; one operator per CRD`,
      });
  }
}

function checkDependsOn(crd: CrdDeclaration, byKey: ReadonlyMap<string, CrdDeclaration>, r: Reporter): void {
  crd.entry.dependsOn.forEach((dep, i) => {
    const path = [...base(crd), 'dependsOn', i];
    const target = byKey.get(dep);
    if (dep === crd.key)
      r.at(crd.source, path, {
        code: 'dependency-cycle',
        message: `CRD "${crd.key}" depends on itself`,
        target: 'value',
      });
    else if (target === undefined) {
      const guess = suggestClosest(dep, byKey.keys());
      r.at(crd.source, path, {
        code: 'unknown-crd',
        message: `dependsOn names unknown CRD "${dep}"${didYouMean(guess)}`,
        target: 'value',
      });
    } else if (!target.entry.enabled)
      r.at(crd.source, path, {
        severity: 'warning',
        code: 'disabled-dependency',
        message: `dependsOn names "${dep}", which is disabled (enabled: false)`,
        target: 'value',
      });
  });
}

/** Finds one cycle through `start` in the dependsOn graph, as the list of keys walked. */
function findCycle(start: string, byKey: ReadonlyMap<string, CrdDeclaration>): string[] | undefined {
  const stack: string[] = [];
  const visited = new Set<string>();
  const dfs = (key: string): string[] | undefined => {
    if (key === start && stack.length > 0) return [...stack, key];
    if (visited.has(key)) return undefined;
    visited.add(key);
    stack.push(key);
    for (const dep of byKey.get(key)?.entry.dependsOn ?? []) {
      if (dep === key) continue;
      const found = dfs(dep);
      if (found) return found;
    }
    stack.pop();
    return undefined;
  };
  return dfs(start);
}

function checkCycles(
  crds: readonly CrdDeclaration[],
  byKey: ReadonlyMap<string, CrdDeclaration>,
  r: Reporter,
): void {
  const reported = new Set<string>();
  for (const crd of crds) {
    const cycle = findCycle(crd.key, byKey);
    if (cycle === undefined || cycle.some((k) => reported.has(k))) continue;
    cycle.forEach((k) => reported.add(k));
    r.at(crd.source, [...base(crd), 'dependsOn'], {
      code: 'dependency-cycle',
      message: `dependsOn forms a cycle: ${cycle.join(' → ')}`,
      hint: 'remove one of these dependencies; CRDs start in dependency order',
    });
  }
}

function checkTuning(crd: CrdDeclaration, r: Reporter): void {
  const box = crd.entry.operatorBox;
  const path = [...base(crd), 'operatorBox'];
  if (!box.default || box.reconciler?.default === false) {
    const at = box.default ? [...path, 'reconciler', 'default'] : [...path, 'default'];
    r.at(crd.source, at, {
      code: 'unsupported',
      message:
        'default: false (a custom reconciler) is not supported; the declarative reconciler is the only one',
      hint: 'remove the line, or set default: true',
      target: 'value',
    });
  }
  for (const field of ['workers', 'resync', 'queue'] as const) {
    if (crd.entry[field] !== undefined && box.reconciler?.[field] !== undefined)
      r.at(crd.source, [...path, 'reconciler', field], {
        code: 'duplicate-setting',
        message: `${field} is set both on the CRD entry and in operatorBox.reconciler (older form); keep one`,
      });
  }
}

/** Runs the CRD-level checks. */
export function checkCrds(katalog: LoadedKatalog, r: Reporter): void {
  const byKey = new Map(katalog.crds.map((c) => [c.key, c]));
  checkIdentity(katalog.crds, r);
  for (const crd of katalog.crds) {
    checkKey(crd, r);
    checkDependsOn(crd, byKey, r);
    checkTuning(crd, r);
  }
  checkCycles(katalog.crds, byKey, r);
}
