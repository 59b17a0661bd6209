/** Rewrites every render golden's expected.txt from the current code (`npm run golden:render`). */
import { writeFileSync } from 'node:fs';
import { expectedPath, listCases, renderCase } from './cases.ts';

for (const c of listCases()) {
  const { text, ok } = await renderCase(c);
  writeFileSync(expectedPath(c), text);
  const note = ok === (c.ok ?? true) ? '' : `  (ok is ${String(ok)}, case.json says ${String(c.ok ?? true)})`;
  process.stdout.write(`${c.name}${note}\n`);
}
