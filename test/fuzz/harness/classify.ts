/**
 * Judges a fuzz run. Only `ok` (exit 0, nothing raw printed) and `located` (exit 1, every error names
 * where: an input file's `file:line:col` or a key path) pass; everything else is a defect:
 * `unlocated` (an error that says what but not where), `raw` (a library's or the engine's own words,
 * or a stack trace, reached the user), `crash`, `timeout`, `oom`.
 */
import type { RunResult } from './run.ts';

/** The outcome classes of the fuzz suite. */
export type OutcomeClass = 'ok' | 'located' | 'unlocated' | 'raw' | 'crash' | 'timeout' | 'oom';

/** A judged run: its class, why, and what it printed (for failure messages). */
export interface Outcome {
  readonly class: OutcomeClass;
  readonly why: string;
  readonly ms: number;
  readonly code: number | undefined;
  readonly out: string;
  readonly err: string;
}

/** Whether an outcome class passes the suite. */
export function passes(c: OutcomeClass): boolean {
  return c === 'ok' || c === 'located';
}

/**
 * Words that must never reach a user: the YAML library's and zod's own messages, JavaScript's
 * runtime errors, a printed object, and a stack frame. Each is a phrase of the library or engine,
 * not of ours. The value words (undefined, NaN, Infinity, [object Object]) count only when the
 * input does not contain them itself (a CR may legitimately hold the string "undefined").
 */
const RAW_PHRASES: readonly RegExp[] = [
  /Excessive alias count/,
  /resource exhaustion attack/,
  /Cannot read propert(y|ies) of/,
  /Cannot convert (undefined|null|object)/,
  /is not a function/,
  /is not iterable/,
  /is not defined\b(?! at)/, // JS ReferenceError (template's "function "x" not defined" has no "is")
  /Maximum call stack/i,
  /in JSON at position/,
  /is not valid JSON/,
  /Unexpected token/,
  /Invalid string length/,
  /Invalid array length/,
  /Array buffer allocation failed/,
  /Invalid regular expression/,
  /Invalid input: expected/, // zod 4
  /Too (big|small): expected/, // zod 4
  /Unrecognized key/, // zod 4
  /Invalid option: expected one of/, // zod 4
  /^\s+at .+(\(|:\d+:\d+)/m, // a stack frame
  /\bE[A-Z]{2,}: [a-z]/, // Node's errno message: "EISDIR: illegal operation on a directory, read"
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError)\b/,
];
const VALUE_WORDS: readonly string[] = ['[object Object]', 'undefined', 'NaN', 'Infinity'];

/** The raw phrase in `text`, if any; `inputs` is every input text of the case. */
export function rawPhrase(text: string, inputs: string): string | undefined {
  for (const re of RAW_PHRASES) {
    const m = re.exec(text);
    if (m !== null) return m[0].trim();
  }
  for (const word of VALUE_WORDS) {
    const re = new RegExp(`(^|[^\\w])${word.replace(/[[\]]/g, '\\$&')}(?![\\w])`);
    if (re.test(text) && !inputs.includes(word)) return word;
  }
  return undefined;
}

/** `file:line:col` of one of the case's input files, or a dotted key path of a Katalog or CR. */
const FILE_POSITION = (files: readonly string[]) =>
  new RegExp(`(?:^|[\\s(/'"])(?:${files.map(escape).join('|')}):\\d+:\\d+`);
const KEY_PATH = /\b(?:spec|metadata|status|notes|providers|security|data|items)(?:\.[\w$/-]+|\[\d+\])+/;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The error lines of stderr (each diagnostic's or message's first line). */
function errorLines(err: string): string[] {
  return err.split('\n').filter((l) => /(^|: )error\b/.test(l));
}

/** An input file named as a whole (`katalog.yaml: not a regular file`): where a file-level error is. */
const FILE_NAMED = (files: readonly string[]) =>
  new RegExp(`(?:^|[\\s(/'"])(?:${files.map(escape).join('|')})(?::|'|"|\\s|$)`);

/**
 * Whether one error line says where: an input file position or a key path, or — for a case whose
 * error is about a file as a whole (its type, its size) — the file's name.
 */
export function isLocated(line: string, files: readonly string[], fileLevel = false): boolean {
  if (files.length > 0 && FILE_POSITION(files).test(line)) return true;
  if (fileLevel && files.length > 0 && FILE_NAMED(files).test(line)) return true;
  return KEY_PATH.test(line);
}

/** Judges a run of a case whose input files are `files` (base names) holding `inputs` (their text). */
export function classify(
  run: RunResult,
  files: readonly string[],
  inputs: string,
  fileLevel = false,
): Outcome {
  const base = { ms: run.ms, code: undefined, out: '', err: '' };
  if (run.kind === 'timeout') return { ...base, class: 'timeout', why: `no answer within the bound` };
  if (run.kind === 'oom') return { ...base, class: 'oom', why: 'heap limit reached' };
  if (run.kind === 'crash') return { ...base, class: 'crash', why: run.detail };
  const printed = { ...base, code: run.code, out: run.out, err: run.err };
  const raw = rawPhrase(`${run.err}\n${run.out}`, inputs);
  if (raw !== undefined) return { ...printed, class: 'raw', why: `printed ${JSON.stringify(raw)}` };
  if (run.code === 0) return { ...printed, class: 'ok', why: 'exit 0' };
  const lines = errorLines(run.err);
  if (lines.length === 0) return { ...printed, class: 'unlocated', why: `exit ${run.code} without an error` };
  const unlocated = lines.find((l) => !isLocated(l, files, fileLevel));
  if (unlocated !== undefined) return { ...printed, class: 'unlocated', why: unlocated.slice(0, 300) };
  return { ...printed, class: 'located', why: lines[0]!.slice(0, 300) };
}
