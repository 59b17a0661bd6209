// The worst templates the budgets must stop: for each hostile family (src/template/testing), the time
// from the start of execution until the engine stops it, the budget that stopped it, and the process's
// peak resident memory above what it held before executing (each family in a fresh process, so that
// one family's garbage does not count against the next). Default budgets; prints figures, asserts nothing.
// Run: source scripts/node-env.sh && node bench/template-budgets.ts
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  TemplateLimitError,
  createFunctionCatalog,
  executeTemplate,
  loadYamlLibrary,
  parseTemplate,
} from '../src/template/index.ts';
import { HOSTILE_TEMPLATES } from '../src/template/testing/index.ts';

interface Sample {
  ms: number;
  stoppedBy: string;
  peakAboveMb: number;
}

/** Runs one family in this process and prints its Sample as JSON. */
async function measureOne(index: number): Promise<void> {
  await loadYamlLibrary();
  const [, source] = HOSTILE_TEMPLATES[index] ?? ['', ''];
  const funcs = createFunctionCatalog({ clock: () => new Date(0) });
  const tree = parseTemplate(source, { funcs });
  const before = process.memoryUsage().rss;
  const started = performance.now();
  let stoppedBy = 'nothing (it finished)';
  try {
    executeTemplate(tree, {});
  } catch (error) {
    stoppedBy =
      error instanceof TemplateLimitError
        ? (/\b(max\w+)\)/.exec(error.message)?.[1] ?? error.message)
        : `not a budget: ${String(error)}`;
  }
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  const sample: Sample = { ms, stoppedBy, peakAboveMb: Math.max(0, peak - before) / 2 ** 20 };
  console.log(JSON.stringify(sample));
}

function main(): void {
  console.log(`template budgets (defaults), node ${process.version}; one fresh process per family\n`);
  console.log(
    `${'family'.padEnd(34)} ${'stopped by'.padEnd(15)} ${'ms'.padStart(7)}  peak RSS above start MB`,
  );
  const self = fileURLToPath(import.meta.url);
  HOSTILE_TEMPLATES.forEach(([name], i) => {
    const out = execFileSync(process.execPath, [self, `--case=${String(i)}`], { encoding: 'utf8' });
    const s = JSON.parse(out) as Sample;
    console.log(
      `${name.padEnd(34)} ${s.stoppedBy.padEnd(15)} ${s.ms.toFixed(0).padStart(7)}  ${s.peakAboveMb.toFixed(1).padStart(8)}`,
    );
  });
}

const one = process.argv.find((a) => a.startsWith('--case='));
if (one === undefined) main();
else await measureOne(Number(one.slice(7)));
