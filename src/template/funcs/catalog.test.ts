import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  TemplateExecError,
  TemplateSyntaxError,
  checkTemplate,
  createFunctionCatalog,
  createNoteFunctions,
  evaluateTemplate,
  executeTemplate,
  loadYamlLibrary,
  parseTemplate,
} from '../index.ts';
import type { FuncMap } from '../index.ts';

before(loadYamlLibrary); // for toYaml

const clock = (): Date => new Date('2026-01-02T03:04:05Z');
let counter = 0;
const random = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => counter++ % 256);
const funcs = createFunctionCatalog({ clock, random });

const deploy = {
  metadata: {
    name: 'web',
    namespace: 'prod',
    labels: { app: 'web' },
    annotations: { a: 'b' },
    generation: 4,
  },
  spec: { replicas: 3 },
  status: {
    readyReplicas: 2,
    phase: 'Running',
    observedGeneration: 4,
    conditions: [{ type: 'Ready', status: 'False', reason: 'MinimumReplicasUnavailable' }],
  },
};
const job = { status: { succeeded: 1, active: 0, conditions: [{ type: 'Complete', status: 'True' }] } };
const failedJob = { status: { active: 1, conditions: [{ type: 'Failed', status: 'True' }] } };
const data = { s: 'hello', e: '', n: 3, deploy, job, failedJob, m: { b: 2, a: 1 }, l: [3, 1, 2] };

function render(source: string, extra: FuncMap = funcs): string {
  return executeTemplate(parseTemplate(source, { funcs: extra }), data);
}

/** [function, template, expected output]: at least one row per catalog function. */
const CASES: readonly [string, string, string][] = [
  [
    'default',
    '{{ default .e "d" }}|{{ default "d" .e }}|{{ .e | default "d" }}|{{ default .s "d" }}',
    'd|d|d|hello',
  ],
  ['coalesce', '{{ coalesce .missing .e 0 "x" "y" }}', 'x'],
  ['empty', '{{ empty .e }} {{ empty .l }} {{ empty 0 }} {{ empty "0" }}', 'true false true false'],
  ['ternary', '{{ ternary true "y" "n" }} {{ false | ternary "y" "n" }}', 'y n'],
  ['get', '{{ get .deploy "status" "readyReplicas" }}|{{ get .nope "a" "b" }}|{{ get .l "1" }}', '2||1'],
  ['upper', '{{ upper .s }}{{ upper .missing }}', 'HELLO'],
  ['lower', '{{ lower "HeLLo" }}', 'hello'],
  ['title', '{{ title "hello big-world" }}', 'Hello Big-World'],
  ['trim', '{{ trim "  x  " }}', 'x'],
  ['trimPrefix', '{{ trimPrefix "he" .s }}', 'llo'],
  ['trimSuffix', '{{ trimSuffix "lo" .s }}', 'hel'],
  ['hasPrefix', '{{ hasPrefix "he" .s }} {{ hasPrefix "x" .s }}', 'true false'],
  ['hasSuffix', '{{ hasSuffix "lo" .s }}', 'true'],
  ['replace', '{{ replace "l" "L" .s }}', 'heLLo'],
  ['split', '{{ split "," "a,b,c" }}', '[a b c]'],
  ['join', '{{ join "-" .l }}', '3-1-2'],
  ['repeat', '{{ repeat 3 "ab" }}', 'ababab'],
  ['quote', '{{ quote "a\\"b" }}', '"a\\"b"'],
  ['squote', '{{ squote .s }}', "'hello'"],
  ['nospace', '{{ nospace " a b\\tc " }}', 'abc'],
  ['trunc', '{{ trunc 3 .s }} {{ trunc -2 .s }}', 'hel lo'],
  ['abbrev', '{{ abbrev 8 "hello world" }}', 'hello...'],
  [
    'contains',
    '{{ contains .s "ell" }} {{ .s | contains "ell" }} {{ contains "ell" .s }}',
    'true true false',
  ],
  ['toString', '{{ toString 42 }}{{ toString .m }}', '42map[a:1 b:2]'],
  ['toInt', '{{ toInt "42" }} {{ toInt 3.9 }} {{ toInt "x" }}', '42 3 0'],
  ['toFloat', '{{ toFloat "2.5" }} {{ toFloat 2 }}', '2.5 2'],
  ['toBool', '{{ toBool "true" }} {{ toBool "no" }} {{ toBool 1 }}', 'true false true'],
  ['toJson', '{{ toJson .m }} {{ toJson (list "<a>" 1.5) }}', '{"a":1,"b":2} ["\\u003ca\\u003e",1.5]'],
  ['fromJson', '{{ (fromJson "{\\"x\\": [1, 2.5]}").x }}', '[1 2.5]'],
  ['toYaml', '{{ toYaml .m }}', 'a: 1\nb: 2'],
  ['toYaml of nil is null, as Go writes it', '{{ toYaml .missing }}', 'null'],
  ['b64enc', '{{ b64enc "héllo" }}', 'aMOpbGxv'],
  ['b64dec', '{{ b64dec "aMOpbGxv" }}', 'héllo'],
  ['sha256sum', '{{ sha256sum "abc" }}', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['list', '{{ list 1 "a" 2.5 }}', '[1 a 2.5]'],
  ['dict', '{{ dict "b" 1 "a" 2 "odd" }}', 'map[a:2 b:1 odd:]'],
  ['keys', '{{ keys .m }}', '[a b]'],
  ['values', '{{ values .m }}', '[1 2]'],
  ['hasKey', '{{ hasKey .m "a" }} {{ hasKey .m "z" }} {{ hasKey .m "constructor" }}', 'true false false'],
  ['pluck', '{{ pluck "a" .m (dict "a" 9) (dict "b" 1) }}', '[1 9]'],
  [
    'merge',
    '{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "y" 2)) }}',
    'map[a:1 b:3 n:map[x:1 y:2]]',
  ],
  ['add', '{{ add 1 2 3 }} {{ add 1.5 1 }} {{ add "2" 1 }}', '6 2.5 3'],
  ['sub', '{{ sub 5 7 }} {{ sub 2.5 0.5 }}', '-2 2'],
  ['mul', '{{ mul 2 3 4 }} {{ mul 1.5 2 }}', '24 3'],
  ['div', '{{ div 7 2 }} {{ div -7 2 }} {{ div 7.0 2 }}', '3 -3 3.5'],
  ['mod', '{{ mod 7 3 }} {{ mod -7 3 }}', '1 -1'],
  ['min', '{{ min 3 1 2 }} {{ min 1 0.5 }}', '1 0.5'],
  ['max', '{{ max 3 1 2 }}', '3'],
  ['randomAlphanumeric', '{{ len (randomAlphanumeric 16) }}', '16'],
  ['randomHex', '{{ len (randomHex 9) }}', '9'],
  ['uuidv4', '{{ len uuidv4 }} {{ slice uuidv4 14 15 }}', '36 4'],
  ['now', '{{ now }}', '2026-01-02T03:04:05Z'],
  [
    'date',
    '{{ date "2006-01-02 15:04:05 Mon Jan _2 3PM .000" now }}',
    '2026-01-02 03:04:05 Fri Jan  2 3AM .000',
  ],
  ['timeAgo', '{{ timeAgo "2026-01-02T01:00:00Z" }} {{ timeAgo now }}', '2h4m5s 0s'],
  [
    'durationSeconds',
    '{{ durationSeconds "1h30m" }} {{ durationSeconds "1.5s" }} {{ durationSeconds "250ms" }}',
    '5400 1.5 0.25',
  ],
  [
    'nextCron',
    '{{ nextCron "*/15 * * * *" }} {{ nextCron "0 9 * * MON" }} {{ nextCron "@daily" "2026-03-01T12:00:00Z" }}',
    '2026-01-02T03:15:00Z 2026-01-05T09:00:00Z 2026-03-02T00:00:00Z',
  ],
  [
    'cronNormalize',
    '{{ cronNormalize "  @hourly " }}|{{ cronNormalize "0  9 * jan-mar mon-fri" }}',
    '0 * * * *|0 9 * 1-3 1-5',
  ],
  [
    'cronValid',
    '{{ cronValid "*/5 * * * *" }} {{ cronValid "61 * * * *" }} {{ cronValid "* * *" }}',
    'true false false',
  ],
  ['cronToMap', '{{ cronToMap "5 4 * * sun" }}', 'map[dayOfMonth:* dayOfWeek:0 hour:4 minute:5 month:*]'],
  ['cronFromMap', '{{ cronFromMap (dict "minute" "0" "hour" "6") }}', '0 6 * * *'],
  [
    'cronFromAny',
    '{{ cronFromAny "@weekly" }}|{{ cronFromAny (dict "minute" "30") }}',
    '0 0 * * 0|30 * * * *',
  ],
  ['name', '{{ name .deploy }}|{{ name .nope }}', 'web|'],
  ['namespace', '{{ namespace .deploy }}', 'prod'],
  ['labels', '{{ labels .deploy }} {{ labels .nope }}', 'map[app:web] map[]'],
  ['annotations', '{{ annotations .deploy }}', 'map[a:b]'],
  ['phase', '{{ phase .deploy }}|{{ phase .nope }}', 'Running|'],
  [
    'hasCondition',
    '{{ hasCondition .deploy "Ready" }} {{ hasCondition .deploy "Ready" "False" }}',
    'false true',
  ],
  ['conditionReason', '{{ conditionReason .deploy "Ready" }}', 'MinimumReplicasUnavailable'],
  ['isSynced', '{{ isSynced .deploy }} {{ isSynced .nope }}', 'true false'],
  ['readyReplicas', '{{ readyReplicas .deploy }} {{ readyReplicas .nope }}', '2 0'],
  ['desiredReplicas', '{{ desiredReplicas .deploy }}', '3'],
  ['allReplicasReady', '{{ allReplicasReady .deploy }} {{ allReplicasReady .nope }}', 'false false'],
  [
    'jobSucceeded',
    '{{ jobSucceeded .job }} {{ jobSucceeded .failedJob }} {{ jobSucceeded .nope }}',
    'true false false',
  ],
  ['jobFailed', '{{ jobFailed .failedJob }} {{ jobFailed .job }}', 'true false'],
  ['jobActive', '{{ jobActive .failedJob }} {{ jobActive .job }}', 'true false'],
  [
    'semverCompare',
    '{{ semverCompare ">=1.2.0, <2.0.0" "1.5.3" }} {{ semverCompare "^1.2" "2.0.0" }} {{ semverCompare "~1.2.3" "1.2.9" }} {{ semverCompare "1.x || >=3" "3.1.0" }}',
    'true false true true',
  ],
  ['semverMajor', '{{ semverMajor "v3.4.5" }}', '3'],
  ['semverMinor', '{{ semverMinor "3.4.5-rc.1" }}', '4'],
  ['semverPatch', '{{ semverPatch "3.4.5+build" }}', '5'],
];

describe('function catalog', () => {
  it('has a test case for every function', () => {
    const tested = new Set(CASES.map(([name]) => name));
    assert.deepEqual(
      Object.keys(funcs).filter((n) => !tested.has(n)),
      [],
    );
  });

  for (const [name, source, expected] of CASES) {
    it(`${name}: ${source} prints ${JSON.stringify(expected)}`, () => {
      assert.equal(render(source), expected);
    });
  }

  it('reports division by zero as an error naming the function', () => {
    assert.throws(
      () => render('{{ div 1 0 }}'),
      (e: unknown) => e instanceof TemplateExecError && /error calling div: division by zero/.test(e.message),
    );
  });

  it('reports a bad semantic version as an error', () => {
    assert.throws(() => render('{{ semverMajor "nope" }}'), TemplateExecError);
  });

  it('treats nil as the empty string in string functions', () => {
    assert.equal(render('[{{ upper .missing }}{{ trim .missing }}{{ replace "a" "b" .missing }}]'), '[]');
  });

  it('refuses to build huge strings', () => {
    assert.throws(() => render('{{ repeat 100000000 "x" }}'), TemplateExecError);
  });

  it('does not mutate data in merge', () => {
    const input = { a: { x: 1 } };
    executeTemplate(parseTemplate('{{ merge .a (dict "y" 2) }}', { funcs }), input);
    assert.deepEqual(input, { a: { x: 1 } });
  });
});

describe('notes', () => {
  it('defines functions callable by bare name that keep their result type', () => {
    const notes = createNoteFunctions(
      {
        isProd: { expression: '{{ eq .spec.env "production" }}' },
        label: { expression: 'env-{{ .spec.env }}' },
      },
      funcs,
    );
    const all = { ...funcs, ...notes };
    const t = parseTemplate('{{ if isProd }}prod{{ else }}other{{ end }} {{ label }}', { funcs: all });
    assert.equal(executeTemplate(t, { spec: { env: 'production' } }), 'prod env-production');
    assert.equal(executeTemplate(t, { spec: { env: 'dev' } }), 'other env-dev');
    assert.equal(
      evaluateTemplate(parseTemplate('{{ isProd }}', { funcs: all }), { spec: { env: 'dev' } }),
      false,
    );
  });

  it('lets notes call each other', () => {
    const notes = createNoteFunctions(
      { a: { expression: '{{ add b 1 }}' }, b: { expression: '{{ 41 }}' } },
      funcs,
    );
    assert.equal(render('{{ a }}', { ...funcs, ...notes }), '42');
  });

  it('reports a note that does not parse with its name and offset', () => {
    assert.throws(
      () => createNoteFunctions({ bad: { expression: '{{ nope }}', offset: 50 } }, funcs),
      (e: unknown) =>
        e instanceof TemplateSyntaxError && e.templateName === 'notes.bad' && e.position.offset === 53,
    );
  });

  it('bounds a note that calls itself', () => {
    const notes = createNoteFunctions({ loop: { expression: '{{ loop }}' } }, funcs);
    assert.throws(() => render('{{ loop }}', { ...funcs, ...notes }), TemplateExecError);
  });
});

describe('checkTemplate', () => {
  it('returns nothing for a good template', () => {
    assert.deepEqual(checkTemplate('{{ upper .s }}', Object.keys(funcs)), []);
  });

  it('reports every unknown function with a suggestion and position', () => {
    const diagnostics = checkTemplate('{{ uper .s }}\n{{ lenn .l }}', Object.keys(funcs), { offset: 10 });
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.suggestion, d.position.line, d.position.col, d.position.offset]),
      [
        ['unknown-function', 'upper', 1, 4, 13],
        ['unknown-function', 'len', 2, 4, 27],
      ],
    );
  });

  it('reports a syntax error', () => {
    const [d] = checkTemplate('{{ if .x }}', []);
    assert.equal(d?.code, 'syntax');
  });
});
