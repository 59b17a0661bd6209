/** Turns zod's issues into compiler-style diagnostics with positions and "did you mean". */
import type { z } from 'zod';
import { suggestClosest } from '../../util/index.ts';
import { formatPath } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, YamlPath } from '../diagnostics/diagnostic.ts';
import { acceptedKeys } from './schema-keys.ts';
import { locate } from './source-file.ts';
import type { SourceFile } from './source-file.ts';

type Issue = z.core.$ZodIssue;

/** What schema issues are resolved against: the source, the schema and the parsed input. */
export interface Context {
  readonly source: SourceFile;
  readonly schema: z.ZodType;
  readonly input: unknown;
}

/** YAML's non-finite floats as the user wrote them (`.nan`, `.inf`, `-.inf`), not as JavaScript prints them. */
function yamlNonFinite(value: number): string {
  if (Number.isNaN(value)) return '.nan (not a number)';
  return value > 0 ? '.inf (infinity)' : '-.inf (minus infinity)';
}

/** Describes a value for a message: `a map`, `a list`, `the string "x"`, `the number 3`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number')
    return Number.isFinite(value) ? `the number ${String(value)}` : yamlNonFinite(value);
  return typeof value === 'boolean' ? `the boolean ${String(value)}` : 'a value';
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'a map',
  array: 'a list',
  record: 'a map',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

function valueAt(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const segment of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[segment];
  }
  return v;
}

type Parts = Omit<Diagnostic, keyof ReturnType<typeof locate> | 'severity'> & { target?: 'key' | 'value' };

function make(ctx: Context, path: YamlPath, parts: Parts): Diagnostic {
  const { target, ...rest } = parts;
  return { ...locate(ctx.source, path, target), severity: 'error', ...rest };
}

function unknownKeys(
  ctx: Context,
  issue: Issue & { code: 'unrecognized_keys' },
  path: YamlPath,
): Diagnostic[] {
  const accepted = acceptedKeys(ctx.schema, path);
  return issue.keys.map((key) => {
    const guess = suggestClosest(key, accepted);
    const mean = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
    const hint =
      guess === undefined && accepted.length > 0 && accepted.length <= 12
        ? `accepted here: ${accepted.join(', ')}`
        : undefined;
    return make(ctx, [...path, key], {
      code: 'unknown-field',
      message: `unknown field "${key}"${mean}`,
      path: formatPath(path),
      target: 'key',
      ...(hint === undefined ? {} : { hint }),
    });
  });
}

function fieldName(path: YamlPath): string {
  const last = path[path.length - 1];
  return last === undefined
    ? 'the document'
    : typeof last === 'number'
      ? `item ${String(last)}`
      : `"${last}"`;
}

function invalidType(ctx: Context, issue: Issue & { code: 'invalid_type' }, path: YamlPath): Diagnostic {
  const value = valueAt(ctx.input, path);
  const parent = path.slice(0, -1);
  if (value === undefined && typeof path[path.length - 1] === 'string')
    return make(ctx, parent, {
      code: 'missing-field',
      message: `missing required field ${fieldName(path)}`,
      path: formatPath(parent),
    });
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  return make(ctx, path, {
    code: 'invalid-type',
    message: `${fieldName(path)} must be ${expected}, not ${describeValue(value)}`,
    path: formatPath(parent),
  });
}

function invalidValue(ctx: Context, issue: Issue & { code: 'invalid_value' }, path: YamlPath): Diagnostic {
  const value = valueAt(ctx.input, path);
  const options = issue.values.map((v) => String(v));
  const guess = typeof value === 'string' && options.length > 1 ? suggestClosest(value, options) : undefined;
  const mean = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  const where = { code: 'invalid-value', path: formatPath(path.slice(0, -1)) };
  if (options.length > 6) {
    const message = `${fieldName(path)} has an unknown value ${JSON.stringify(value)}${mean}`;
    return make(ctx, path, { ...where, message, hint: `one of: ${options.join(', ')}` });
  }
  const expected = options.length === 1 ? JSON.stringify(options[0]) : `one of ${options.join(', ')}`;
  return make(ctx, path, {
    ...where,
    message: `${fieldName(path)} must be ${expected}, not ${describeValue(value)}${mean}`,
  });
}

function bounds(ctx: Context, issue: Issue & { code: 'too_small' | 'too_big' }, path: YamlPath): Diagnostic {
  const value = valueAt(ctx.input, path);
  const limit =
    issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
  // A bound on a string or a list is on its length: "at most 63 characters", not "at most 63".
  const unit = typeof value === 'string' ? ' characters long' : Array.isArray(value) ? ' entries long' : '';
  return make(ctx, path, {
    code: 'out-of-range',
    message: `${fieldName(path)} must be ${limit}${unit}, not ${describeValue(value)}`,
    path: formatPath(path.slice(0, -1)),
  });
}

function other(ctx: Context, issue: Issue, path: YamlPath): Diagnostic {
  const code = issue.code === 'custom' ? 'invalid-value' : issue.code.replace(/_/g, '-');
  const last = path[path.length - 1];
  const named = typeof last !== 'string' || issue.message.startsWith(`"${last}"`);
  const glue = issue.message.startsWith('must ') ? ' ' : ': ';
  const message = named ? issue.message : `${fieldName(path)}${glue}${issue.message}`;
  return make(ctx, path, { code, message, path: formatPath(path.slice(0, -1)) });
}

function branchScore(issues: readonly Issue[]): number {
  const shallow = issues.filter(
    (i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'),
  ).length;
  return shallow * 1000 + issues.length;
}

function union(ctx: Context, issue: Issue & { code: 'invalid_union' }, path: YamlPath): Diagnostic[] {
  const branches = issue.errors;
  const enumIssue = branches.flatMap((b) => b).find((i) => i.path.length === 0 && i.code === 'invalid_value');
  if (enumIssue !== undefined && typeof valueAt(ctx.input, path) === 'string') {
    return toDiagnostics(ctx, enumIssue, path).map((d) => ({
      ...d,
      hint: 'or a template that renders to one',
    }));
  }
  if (branches.length > 0 && branches.every((b) => branchScore(b) >= 1000)) {
    const value = valueAt(ctx.input, path);
    if (value === undefined && typeof path[path.length - 1] === 'string')
      return [
        make(ctx, path.slice(0, -1), {
          code: 'missing-field',
          message: `missing required field ${fieldName(path)}`,
          path: formatPath(path.slice(0, -1)),
        }),
      ];
    const kinds = [...new Set(branches.flatMap((b) => b.filter((i) => i.path.length === 0).map(expectedOf)))];
    return [
      make(ctx, path, {
        code: 'invalid-type',
        message: `${fieldName(path)} must be ${kinds.join(' or ')}, not ${describeValue(value)}`,
        path: formatPath(path.slice(0, -1)),
      }),
    ];
  }
  const best = [...branches].sort((a, b) => branchScore(a) - branchScore(b))[0] ?? [];
  return best.flatMap((i) => toDiagnostics(ctx, i, path));
}

function expectedOf(issue: Issue): string {
  if (issue.code === 'invalid_type') return EXPECTED[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') return `one of ${issue.values.map(String).join(', ')}`;
  return 'valid';
}

/** Converts one zod issue (relative to `prefix`) into diagnostics. */
function toDiagnostics(ctx: Context, issue: Issue, prefix: YamlPath): Diagnostic[] {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeys(ctx, issue, path);
    case 'invalid_type':
      return [invalidType(ctx, issue, path)];
    case 'invalid_value':
      return [invalidValue(ctx, issue, path)];
    case 'invalid_union':
      return union(ctx, issue, path);
    case 'too_small':
    case 'too_big':
      return [bounds(ctx, issue, path)];
    default:
      return [other(ctx, issue, path)];
  }
}

/** Drops "missing field X" where an unknown field next to it already suggests X. */
function dropExplained(diagnostics: Diagnostic[]): Diagnostic[] {
  const suggested = new Set(
    diagnostics.flatMap((d) => {
      const m = /did you mean "([^"]+)"/.exec(d.message);
      return d.code === 'unknown-field' && m ? [`${d.path}|${m[1] ?? ''}`] : [];
    }),
  );
  return diagnostics.filter((d) => {
    const m = /missing required field "([^"]+)"/.exec(d.message);
    return !(d.code === 'missing-field' && m && suggested.has(`${d.path}|${m[1] ?? ''}`));
  });
}

/** Every schema issue of a parsed document as diagnostics, duplicates removed. */
export function schemaDiagnostics(ctx: Context, issues: readonly Issue[]): Diagnostic[] {
  const all = dropExplained(issues.flatMap((i) => toDiagnostics(ctx, i, [])));
  const seen = new Set<string>();
  return all.filter((d) => {
    const key = `${String(d.line)}:${String(d.column)}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
