/**
 * Semantic versions: semverCompare (sprig's constraint syntax: comparisons, `,`/space = and, `||` = or,
 * `~` and `^` ranges, `x` wildcards), semverMajor, semverMinor, semverPatch.
 */
import type { FuncMap } from '../exec/func-types.ts';
import { str } from './args.ts';

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(s: unknown): Version {
  const m = VERSION.exec(str(s).trim());
  if (m === null) throw new Error(`invalid semantic version: ${str(s)}`);
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? '' };
}

function compareIdentifier(x: string, y: string): number {
  if (x === y) return 0;
  const nx = /^\d+$/.test(x);
  const ny = /^\d+$/.test(y);
  if (nx && ny) return Number(x) < Number(y) ? -1 : 1;
  if (nx !== ny) return nx ? -1 : 1;
  return x < y ? -1 : 1;
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '' || b === '') return a === '' ? 1 : -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = compareIdentifier(pa[i] ?? '', pb[i] ?? '');
    if (c !== 0) return c;
  }
  return Math.sign(pa.length - pb.length);
}

/** Compares two versions: -1, 0 or 1. */
export function compareVersions(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

function bound(text: string): { v: Version; parts: number } {
  const cleaned = text.replace(/\.[xX*]/g, '').replace(/^[xX*]$/, '0');
  return { v: parseVersion(cleaned), parts: cleaned.replace(/^v/, '').split('-')[0]?.split('.').length ?? 1 };
}

function nextUp(v: Version, level: 'major' | 'minor' | 'patch'): Version {
  if (level === 'major') return { major: v.major + 1, minor: 0, patch: 0, pre: '' };
  if (level === 'minor') return { major: v.major, minor: v.minor + 1, patch: 0, pre: '' };
  return { ...v, patch: v.patch + 1, pre: '' };
}

function inRange(v: Version, lo: Version, hi: Version): boolean {
  return compareVersions(v, lo) >= 0 && compareVersions(v, hi) < 0;
}

function checkTilde(v: Version, text: string): boolean {
  const { v: b, parts } = bound(text);
  return inRange(v, b, nextUp(b, parts === 1 ? 'major' : 'minor'));
}

function checkCaret(v: Version, text: string): boolean {
  const { v: b } = bound(text);
  const level = b.major > 0 ? 'major' : b.minor > 0 ? 'minor' : 'patch';
  return inRange(v, b, nextUp(b, level));
}

const OPS: Readonly<Record<string, (c: number) => boolean>> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '>': (c) => c > 0,
  '<': (c) => c < 0,
  '>=': (c) => c >= 0,
  '<=': (c) => c <= 0,
};

function checkOne(v: Version, term: string): boolean {
  const m = /^(!=|>=|<=|=>|=<|>|<|=|~>?|\^)?\s*(.+)$/.exec(term);
  const op = (m?.[1] ?? '=').replace('=>', '>=').replace('=<', '<=');
  const text = m?.[2] ?? term;
  if (op.startsWith('~')) return checkTilde(v, text);
  if (op === '^') return checkCaret(v, text);
  if (/(^|\.)[xX*]/.test(text) && op === '=') return checkTilde(v, text.replace(/\.[xX*].*$/, ''));
  const cmp = OPS[op];
  if (cmp === undefined) throw new Error(`invalid constraint operator: ${op}`);
  return cmp(compareVersions(v, parseVersion(text)));
}

/** sprig's semverCompare CONSTRAINT VERSION. */
function semverCompare(constraint: unknown, version: unknown): boolean {
  const v = parseVersion(version);
  return str(constraint)
    .split('||')
    .some((alt) =>
      alt
        .trim()
        .replace(/(!=|>=|<=|=>|=<|>|<|=|~>?|\^)\s+/g, '$1')
        .split(/[\s,]+/)
        .filter((t) => t !== '')
        .every((t) => checkOne(v, t)),
    );
}

/** The semver functions. */
export const SEMVER_FUNCS: FuncMap = {
  semverCompare,
  semverMajor: (s) => parseVersion(s).major,
  semverMinor: (s) => parseVersion(s).minor,
  semverPatch: (s) => parseVersion(s).patch,
};
