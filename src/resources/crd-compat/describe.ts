/**
 * The breaking changes of a CRD as a person reads them: one line per change, each naming the version
 * and field, what the schema said before and after, and how many stored objects it affects.
 */
import type { BreakingChange } from './crd-diff.ts';
import { formatFieldPath } from './field-path.ts';
import { enumIncludes } from './schema-diff.ts';

/** A breaking change with the number of stored objects it affects. */
export interface CountedChange {
  readonly change: BreakingChange;
  readonly affected: number;
}

/** What is known of one CRD's breaking changes. */
export interface BreakingReport {
  /** The CRD's name (`widgets.example.com`). */
  readonly crd: string;
  /** Its plural (`widgets`), to say what the objects are. */
  readonly plural: string;
  /** How many objects are stored. */
  readonly total: number;
  /** How many stored objects at least one change affects. */
  readonly affected: number;
  readonly changes: readonly CountedChange[];
}

/** `CRD x: N breaking changes, A of T stored <plural> affected`, then one indented line per change. */
export function describeBreakingChanges(report: BreakingReport): string {
  const { crd, plural, total, changes } = report;
  const count = `${changes.length} breaking change${changes.length === 1 ? '' : 's'}`;
  const head = `CRD ${crd}: ${count}, ${report.affected} of ${total} stored ${plural} affected`;
  const lines = changes.map(
    ({ change, affected }) =>
      `  ${describeChange(change)} (${affected} of ${total} stored ${plural} affected)`,
  );
  return [head, ...lines].join('\n');
}

/** One change: `versions[v1].spec.replicas: type string → integer`. */
export function describeChange(change: BreakingChange): string {
  const version = `versions[${change.version}]`;
  switch (change.kind) {
    case 'version-removed':
      return `${version}: removed${change.stored ? ' (objects are stored at it: status.storedVersions)' : ' (it was served)'}`;
    case 'version-unserved':
      return `${version}: served true → false`;
    case 'required-added': {
      const parent = change.path.length === 0 ? '' : `${formatFieldPath(change.path)}.`;
      return `${version}.${parent}${change.field}: required (new, no default)`;
    }
    case 'type-changed':
      return `${version}.${formatFieldPath(change.path)}: type ${types(change.from)} → ${types(change.to)}`;
    case 'enum-narrowed':
      return `${version}.${formatFieldPath(change.path)}: enum ${values(change.from)} → ${values(change.to)}${removed(change.from, change.to)}`;
    case 'field-removed':
      return `${version}.${formatFieldPath(change.path)}: removed from the schema (stored values are pruned)`;
  }
}

function types(list: readonly string[] | undefined): string {
  return list === undefined ? '(any)' : list.join('|');
}

function values(list: readonly unknown[] | undefined): string {
  return list === undefined ? '(any)' : `[${list.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function removed(from: readonly unknown[] | undefined, to: readonly unknown[]): string {
  if (from === undefined) return '';
  return `, ${values(from.filter((v) => !enumIncludes(to, v)))} removed`;
}
