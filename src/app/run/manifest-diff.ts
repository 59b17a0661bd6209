/**
 * A readable diff of a desired child against its live object for the render preview: both shown as
 * block YAML (a small printer of its own: the YAML library stays out of the operator process), the
 * live object cut down to the fields the desired one sets (the fields the runtime manages), compared
 * line by line.
 */

/** The live object cut down to the fields `desired` sets (arrays compared whole). */
export function managedPart(desired: unknown, live: unknown): unknown {
  if (!isObject(desired) || !isObject(live)) return live;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(desired)) {
    if (key in live) out[key] = managedPart(desired[key], live[key]);
  }
  return out;
}

/** Lines of `-` (live only), `+` (desired only) and ` ` (both); undefined when they are the same. */
export function yamlDiff(live: unknown, desired: unknown, maxLines = 2000): string | undefined {
  const a = yamlLines(live);
  const b = yamlLines(desired);
  if (a.join('\n') === b.join('\n')) return undefined;
  if (a.length > maxLines || b.length > maxLines)
    return `(too large to diff: ${a.length} → ${b.length} lines)`;
  return diffLines(a, b).join('\n');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Block YAML of a JSON value, keys sorted (the diff compares content, not key order). */
export function yamlLines(value: unknown, indent = ''): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      const [first = '', ...rest] = yamlLines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return [`${indent}{}`];
    return keys.flatMap((key) => entryLines(key, value[key], indent));
  }
  return [`${indent}${scalar(value)}`];
}

function entryLines(key: string, value: unknown, indent: string): string[] {
  const name = /^[\w.\-/]+$/.test(key) ? key : JSON.stringify(key);
  const nested = (Array.isArray(value) || isObject(value)) && yamlLines(value).length > 0;
  const empty =
    (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
  if (!nested || empty) return [`${indent}${name}: ${scalar(value)}`];
  return [`${indent}${name}:`, ...yamlLines(value, `${indent}  `)];
}

function scalar(value: unknown): string {
  if (Array.isArray(value)) return '[]';
  if (isObject(value)) return '{}';
  if (typeof value === 'string')
    return /^[\w.\-/:@ ]*$/.test(value) &&
      value.trim() === value &&
      value !== '' &&
      !/^(true|false|null|[\d.\-+e]+)$/i.test(value)
      ? value
      : JSON.stringify(value);
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** A line diff by longest common subsequence. */
function diffLines(a: readonly string[], b: readonly string[]): string[] {
  const table = lcsTable(a, b);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const step = nextStep(table, i, j);
    if (step === 'same') out.push(`  ${a[i] ?? ''}`);
    else if (step === 'add') out.push(`+ ${b[j] ?? ''}`);
    else out.push(`- ${a[i] ?? ''}`);
    if (step !== 'add') i++;
    if (step !== 'remove') j++;
  }
  return out;
}

/** `at(i, j)`: the length of the longest common subsequence of a[i..] and b[j..]. */
interface LcsTable {
  a: readonly string[];
  b: readonly string[];
  at(i: number, j: number): number;
}

function lcsTable(a: readonly string[], b: readonly string[]): LcsTable {
  const width = b.length + 1;
  const cells = new Uint32Array((a.length + 1) * width);
  const at = (i: number, j: number): number => cells[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      cells[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  return { a, b, at };
}

function nextStep(t: LcsTable, i: number, j: number): 'same' | 'add' | 'remove' {
  const moreA = i < t.a.length;
  const moreB = j < t.b.length;
  if (moreA && moreB && t.a[i] === t.b[j]) return 'same';
  if (!moreA) return 'add';
  if (!moreB) return 'remove';
  return t.at(i + 1, j) >= t.at(i, j + 1) ? 'remove' : 'add';
}
