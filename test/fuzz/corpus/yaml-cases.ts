/**
 * Hostile YAML and file-level inputs of `ork validate` (the issue's loading families): alias bombs,
 * deep nesting, long lines, duplicate keys, encodings, thousands of errors, a 50 MB Katalog, and
 * files that are not regular files. Inputs are generated here, never stored.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FuzzCase } from '../harness/case.ts';
import { katalogText } from './skeleton.ts';

/** A billion-laughs document: `levels` anchors, each aliasing the previous one `width` times. */
export function aliasBomb(levels: number, width: number): string {
  const lines = ['a0: &a0 [lol]'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `a${String(i)}: &a${String(i)} [${Array(width)
        .fill(`*a${String(i - 1)}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

/** The skeleton with `extra` top-level lines appended (unknown keys: still a located error). */
function withTop(extra: string): string {
  return `${katalogText()}${extra}\n`;
}

/** A Katalog whose entry holds `n` erroneous CRD entries (each a located error). */
function manyErrors(n: number): string {
  const entries = Array.from({ length: n }, (_, i) => `    bad${String(i)}: {workers: -1, bogus: 1}`);
  return [
    'apiVersion: orkestra.orkspace.io/v1',
    'kind: Katalog',
    'metadata: {name: fuzz}',
    'spec:',
    '  crds:',
  ]
    .concat(entries)
    .join('\n');
}

/** A Katalog of about `mb` megabytes: the skeleton with one huge block of notes. */
async function writeBigKatalog(dir: string, mb: number): Promise<void> {
  const note = (i: number) => `  n${String(i)}: {expression: '{{ print "${'x'.repeat(60)}" }}'}\n`;
  const count = Math.ceil((mb * 1024 * 1024) / note(0).length);
  const body = Array.from({ length: count }, (_, i) => note(i)).join('');
  await writeFile(join(dir, 'big.yaml'), `${katalogText()}notes:\n${body}`);
}

const validate = { command: 'validate' } as const;

/** The YAML and file families. */
export const yamlCases: readonly FuzzCase[] = [
  {
    id: 'yaml/alias-bomb',
    ...validate,
    files: { 'katalog.yaml': withTop(aliasBomb(9, 9)) },
    expect: 'located',
    at: 'katalog.yaml:',
  },
  {
    id: 'yaml/alias-bomb-in-spec',
    ...validate,
    files: {
      'katalog.yaml': katalogText({
        entry: ['labelSelector: {tier: *a6}'],
      }).replace('kind: Katalog', `kind: Katalog\nx-bomb:\n${aliasBomb(6, 10).replace(/^/gm, '  ')}`),
    },
    expect: 'located',
  },
  {
    id: 'yaml/ordinary-anchors',
    ...validate,
    files: {
      'katalog.yaml': katalogText({
        entry: ['labelSelector: &sel {tier: web}', 'namespaces: &ns [a, b]'],
        child: ['labels: *sel'],
      }),
    },
    expect: 'ok',
  },
  {
    id: 'yaml/deep-flow-nesting',
    ...validate,
    files: { 'katalog.yaml': withTop(`deep: ${'['.repeat(20_000)}${']'.repeat(20_000)}`) },
    expect: 'located',
  },
  {
    id: 'yaml/deep-block-nesting',
    ...validate,
    files: {
      'katalog.yaml': withTop(
        Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${String(i)}:`).join('\n') + ' x',
      ),
    },
    expect: 'located',
  },
  {
    id: 'yaml/long-line',
    ...validate,
    files: { 'katalog.yaml': katalogText({ value: 'x'.repeat(2_000_000) }) },
    expect: 'pass',
  },
  {
    id: 'yaml/duplicate-keys-20000',
    ...validate,
    files: { 'katalog.yaml': withTop(Array.from({ length: 20_000 }, () => 'dup: 1').join('\n')) },
    expect: 'located',
  },
  {
    id: 'yaml/errors-20000',
    ...validate,
    files: { 'katalog.yaml': manyErrors(20_000) },
    expect: 'located',
  },
  {
    id: 'yaml/bom-crlf',
    ...validate,
    files: { 'katalog.yaml': `\uFEFF${katalogText().replaceAll('\n', '\r\n')}` },
    expect: 'ok',
  },
  {
    id: 'yaml/tab-indent',
    ...validate,
    files: { 'katalog.yaml': katalogText().replace('  crds:', '\tcrds:') },
    expect: 'located',
    at: 'katalog.yaml:',
  },
  {
    id: 'yaml/nul-byte',
    ...validate,
    files: { 'katalog.yaml': katalogText({ value: 'a\u0000b' }).replace("'a", '"a').replace("b'", 'b"') },
    expect: 'pass',
  },
  {
    id: 'yaml/unknown-tag',
    ...validate,
    files: { 'katalog.yaml': katalogText().replace('name: fuzz', 'name: !!binary fuzz') },
    expect: 'located',
  },
  {
    id: 'yaml/merge-key',
    ...validate,
    files: { 'katalog.yaml': withTop('base: &b {a: 1}\nother:\n  <<: *b\n  c: 2') },
    expect: 'located',
    at: 'katalog.yaml:',
  },
  {
    id: 'yaml/big-50mb',
    ...validate,
    files: {},
    katalog: 'big.yaml',
    setup: (dir) => writeBigKatalog(dir, 50),
    expect: 'located',
    fileLevel: true,
  },
  {
    id: 'yaml/fifo',
    ...validate,
    files: {},
    katalog: 'fifo.yaml',
    setup: (dir) => {
      execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
      return Promise.resolve();
    },
    child: true,
    expect: 'located',
    fileLevel: true,
  },
  {
    id: 'yaml/directory',
    ...validate,
    files: {},
    katalog: 'folder.yaml',
    setup: (dir) => {
      execFileSync('mkdir', [join(dir, 'folder.yaml')]);
      return Promise.resolve();
    },
    expect: 'located',
    fileLevel: true,
  },
];
