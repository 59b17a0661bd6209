/**
 * Hostile custom resources for `ork render` (a CR's fields come from anyone allowed to create it):
 * a huge metadata.name, deep and huge specs, a huge forEach fan-out, backtracking-shaped strings
 * against `regex` conditions and validation rules, and CR files that are not CRs.
 */
import type { FuzzCase } from '../harness/case.ts';
import { aliasBomb } from './yaml-cases.ts';
import { crText, katalogText, renderFiles } from './skeleton.ts';

/** 'aaaa…!': catastrophic for a backtracking `^(a+)+$`, instant for RE2. */
const EVIL = `${'a'.repeat(40)}!`;

const forEach = ['forEach: {field: spec.items, as: item}'];

/** The CR families. */
export const crCases: readonly FuzzCase[] = [
  {
    id: 'cr/name-100k',
    command: 'render',
    files: renderFiles({}, undefined, 'a'.repeat(100_000)),
    expect: 'located',
    at: 'metadata.name',
  },
  {
    id: 'cr/deep-spec',
    command: 'render',
    files: renderFiles({}, [`text: hi`, `deep: ${'['.repeat(5_000)}${']'.repeat(5_000)}`]),
    expect: 'pass',
  },
  {
    id: 'cr/deep-spec-into-toJson',
    command: 'render',
    files: renderFiles({ value: '{{ toJson .spec }}' }, [
      `deep: ${'{a: '.repeat(3_000)}1${'}'.repeat(3_000)}`,
    ]),
    expect: 'pass',
  },
  {
    id: 'cr/forEach-200k',
    command: 'render',
    files: renderFiles(
      { child: forEach, childName: '{{ .metadata.name }}-{{ .index }}', value: '{{ .item }}' },
      [`items: [${Array.from({ length: 200_000 }, (_, i) => String(i)).join(', ')}]`],
    ),
    expect: 'located',
  },
  {
    id: 'cr/forEach-small',
    command: 'render',
    files: renderFiles(
      { child: forEach, childName: '{{ .metadata.name }}-{{ .index }}', value: '{{ .item }}' },
      ['items: [a, b, c]'],
    ),
    expect: 'ok',
  },
  {
    id: 'cr/when-regex-backtracking',
    command: 'render',
    files: renderFiles({ child: ['when:', '  - field: spec.text', '    regex: "^(a+)+$"'] }, [
      `text: "${EVIL}"`,
    ]),
    expect: 'ok',
  },
  {
    id: 'cr/validation-regex-backtracking',
    command: 'render',
    files: renderFiles(
      {
        entry: [
          'validation:',
          '  rules:',
          '    - {field: spec.text, regex: "^(a+)+$", message: "only a", action: deny}',
        ],
      },
      [`text: "${EVIL}"`],
    ),
    expect: 'pass',
  },
  {
    id: 'cr/alias-bomb',
    command: 'render',
    files: {
      'katalog.yaml': katalogText(),
      'cr.yaml': `${crText()}${aliasBomb(9, 9).replace(/^/gm, '  ')}\n`,
    },
    expect: 'located',
    at: 'cr.yaml',
  },
  {
    id: 'cr/not-an-object',
    command: 'render',
    files: { 'katalog.yaml': katalogText(), 'cr.yaml': '- just\n- a list\n' },
    expect: 'located',
    at: 'cr.yaml',
  },
  {
    id: 'cr/no-matching-entry',
    command: 'render',
    files: { 'katalog.yaml': katalogText(), 'cr.yaml': crText().replace('kind: App', 'kind: Other') },
    expect: 'located',
    at: 'cr.yaml',
  },
  {
    id: 'cr/yaml-syntax-error',
    command: 'render',
    files: { 'katalog.yaml': katalogText(), 'cr.yaml': `${crText()}  bad: [unclosed\n` },
    expect: 'located',
    at: 'cr.yaml:',
  },
];
