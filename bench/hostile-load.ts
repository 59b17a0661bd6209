/**
 * Loading hostile Katalogs through the built CLI (`ork validate`): a 50 MB Katalog refused by the
 * size bound, the same with the bound raised (the time to load it), and a Katalog of 20,000
 * erroneous entries (time to the first diagnostic printed, and to the end). Files are generated in a
 * temporary folder. Prints numbers; asserts nothing. Run after `npm run build`:
 *   node bench/hostile-load.ts [megabytes] [entries]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const megabytes = Number(process.argv[2] ?? 50);
const entries = Number(process.argv[3] ?? 20_000);
const ork = new URL('../bin/ork.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ork-bench-hostile-'));
const HEAD = 'apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: big}\nspec:\n  crds:\n';

function entry(i: number, error: boolean): string {
  const workers = error ? 'workerz: 4' : 'workers: 4';
  return `    app${String(i)}:\n      apiTypes: {group: g.example.io, version: v1, kind: App${String(i)}}\n      ${workers}\n      operatorBox:\n        onCreate:\n          configMaps:\n            - {name: "{{ .metadata.name }}-cfg", data: {mode: "{{ .spec.mode }}"}}\n`;
}

function katalog(name: string, count: number, error: boolean): string {
  const path = join(dir, name);
  const parts = [HEAD];
  for (let i = 0; i < count; i++) parts.push(entry(i, error));
  writeFileSync(path, parts.join(''));
  return path;
}

interface Timing {
  readonly first: number;
  readonly total: number;
  readonly code: number | null;
  readonly tail: string;
}

function validate(file: string, env: NodeJS.ProcessEnv = {}): Promise<Timing> {
  const start = performance.now();
  let first = 0;
  let tail = '';
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ork, 'validate', '-k', file], { env: { ...process.env, ...env } });
    const read = (chunk: Buffer): void => {
      if (first === 0) first = performance.now() - start;
      tail = (tail + chunk.toString()).slice(-300);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (code) => {
      resolve({ first, total: performance.now() - start, code, tail: tail.trim().split('\n').at(-1) ?? '' });
    });
  });
}

const ms = (n: number): string => `${(n / 1000).toFixed(2)} s`;
const perEntry = 250; // bytes an entry takes, roughly
const big = katalog('big.yaml', Math.ceil((megabytes * 1024 * 1024) / perEntry), false);
const size = (statSync(big).size / 1024 / 1024).toFixed(1);
const refused = await validate(big);
console.log(
  `${size} MB Katalog, default bound: exit ${String(refused.code)} in ${ms(refused.total)} — ${refused.tail}`,
);
const raised = await validate(big, { ORK_MAX_FILE_SIZE: `${String(megabytes * 2)}Mi` });
console.log(
  `${size} MB Katalog, bound raised: exit ${String(raised.code)} in ${ms(raised.total)} — ${raised.tail}`,
);
const errors = await validate(katalog('errors.yaml', entries, true));
console.log(
  `${entries.toLocaleString('en-US')} erroneous entries: first output ${ms(errors.first)}, done ${ms(errors.total)}, exit ${String(errors.code)} — ${errors.tail}`,
);
rmSync(dir, { recursive: true, force: true });
