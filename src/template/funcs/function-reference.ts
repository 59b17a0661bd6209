/**
 * Renders docs/reference/functions.md from {@link FUNCTION_DOCS}, executing every example against a sample
 * Custom Resource with a fixed clock so the shown output is what the engine prints.
 */
import { executeParsed } from '../exec/run.ts';
import { parseTemplate } from '../parse-template.ts';
import { createFunctionCatalog } from './catalog.ts';
import { FUNCTION_DOCS } from './function-docs.ts';
import { loadYamlLibrary } from './yaml-library.ts';

/** The data the examples run against. */
export const EXAMPLE_DATA = {
  spec: { name: 'web', suspend: false },
  children: {
    deployment: {
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: {}, generation: 2 },
      spec: { replicas: 3 },
      status: {
        observedGeneration: 2,
        readyReplicas: 3,
        conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }],
      },
    },
    job: { status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } },
  },
};

function runExample(example: string): string {
  const funcs = createFunctionCatalog({
    clock: () => new Date('2026-01-02T03:04:05Z'),
    random: (n) => Uint8Array.from({ length: n }, (_, i) => (i * 37) % 256),
  });
  return executeParsed(parseTemplate(example, { funcs }), EXAMPLE_DATA);
}

function cell(s: string): string {
  return s.replaceAll('|', '\\|').replaceAll('\n', '↵');
}

/** The Markdown reference of every catalog function. */
export async function renderFunctionReference(): Promise<string> {
  await loadYamlLibrary(); // toYaml's example runs too
  const lines = [
    '# Template functions',
    '',
    'Generated from `src/template/funcs/function-docs.ts`; every example output below was produced by the',
    "engine (clock fixed at 2026-01-02T03:04:05Z). Go's built-ins (`and or not eq ne lt le gt ge len index slice",
    "print printf println html js urlquery call`) behave as in Go's text/template, with the relaxations of",
    'spec §6.5. Regenerate with the command in `src/template/funcs/function-reference.test.ts`.',
  ];
  let group = '';
  for (const doc of FUNCTION_DOCS) {
    if (doc.group !== group) {
      group = doc.group;
      lines.push(
        '',
        `## ${group}`,
        '',
        '| function | usage | what it does | example | prints |',
        '|---|---|---|---|---|',
      );
    }
    const out = runExample(doc.example);
    lines.push(
      `| \`${doc.name}\` | \`${cell(doc.usage)}\` | ${cell(doc.summary)} | \`${cell(doc.example)}\` | \`${cell(out)}\` |`,
    );
  }
  return [...lines, '', ...DECISIONS].join('\n') + '\n';
}

/** Where the engine pins down what the spec leaves open, or departs from Go or sprig on purpose. */
const DECISIONS = [
  '## Decisions',
  '',
  "- `ternary COND A B` takes the condition first, as the spec's examples do; piped (`COND | ternary A B`) it",
  '  reads as in sprig.',
  '- `contains S SUB` takes the subject first (spec §6.3); piped (`S | contains SUB`) the subject is the piped',
  '  value.',
  '- `split SEP S` returns a list (sprig returns a map of `_0`, `_1`…); `keys` and `values` follow sorted key order.',
  '- `default` with two arguments: the one literal is the fallback when exactly one argument is a literal',
  '  (spec §6.5); otherwise the first argument is the value, unlike sprig.',
  '- Math keeps floats when any argument is a float (`add 1.5 1` is `2.5`; sprig truncates to integers).',
  '- Numbers from data are integers when whole and within ±(2^53−1), floats otherwise; number literals keep',
  '  whether they were written as floats (`3.0`, `1e6`).',
  '- Complex number literals (`1i`) are a syntax error.',
  '- Execution is bounded (see TemplateLimits in the Katalog reference): 1,000,000 steps and 4 Mi characters',
  '  of output per template, `{{template}}` calls 200 deep, any string, list or map a function builds at most',
  '  1 MiB (its JSON size) and 100 levels deep, and per reconcile 32 MiB of output and 2 s. A Katalog may raise',
  '  them (`spec.limits.templates`); exceeding one is an error naming the budget and the position.',
  "- Arguments are checked against the functions' Go signatures (sprig's where sprig has the function), with",
  '  Go\'s messages: `repeat "x" "y"` is "expected integer; found \\"x\\"", `upper .spec.replicas` "wrong type for',
  '  value; expected string; got int"; literal arguments are checked when the Katalog is validated. Parameters',
  '  of type interface{} convert as sprig does. Unlike Go, nil fits every parameter as its zero value',
  '  (`upper .spec.missing` is `""`), and all integers are one type.',
  '- Parentheses and control structures nest at most 500 levels (Go: parentheses 10,000, and 1,000 on',
  '  WebAssembly); an execution reaches at most 1,000 levels of nesting through bodies, parentheses,',
  '  `{{template}}` calls and notes together (a range body, a parenthesized argument or a note counts two),',
  '  so a deep template stops with a located error, never a stack overflow.',
  '- `fromJson` of text that is not JSON is an error in Go\'s words ("unexpected end of JSON input"); sprig\'s',
  '  `fromJson` returns nothing then (its `mustFromJson` errors).',
  '- `printf` widths and precisions above 1,000,000 are errors as in Go (`%!(NOVERB)`, `%!(BADWIDTH)`).',
  '- `dict "__proto__" 1` is an ordinary key: maps built by templates never change a prototype.',
  '- Field access reads only own properties of plain objects: `.constructor`, `.__proto__` and the like are',
  '  missing values, never JavaScript internals.',
];
