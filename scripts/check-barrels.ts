/**
 * Fails when a folder's barrel (src/<folder>/index.ts) exports a name that no file outside the folder
 * imports through it: an export nobody uses is surface to keep, document and break by accident.
 * Run by `npm run check` (`npm run barrels`). Exits 1 listing each unused export.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const SCANNED = ['src', 'test', 'bench', 'scripts'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(path);
    return /\.(ts|js)$/.test(e.name) ? [path] : [];
  });
}

/** The names an index.ts exports: `export { a, b as c }`, `export type {...}`, and declarations. */
export function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  const declaration =
    /export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g;
  for (const m of source.matchAll(declaration)) if (m[1]) names.push(m[1]);
  return names;
}

/** The names a file imports from `barrel` (a path like `src/kube/index.ts`), or [] when it does not. */
export function importedNames(source: string, fromFile: string, barrel: string): string[] {
  const names: string[] = [];
  const statement = /(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g;
  for (const m of source.matchAll(statement)) {
    const target = join(fromFile, '..', m[2] ?? '');
    if (relative(ROOT, target) !== barrel) continue;
    for (const part of (m[1] ?? '').split(','))
      names.push(
        part
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]
          ?.trim() ?? '',
      );
  }
  const namespaceOrLazy = new RegExp(
    `(?:import\\s*\\*|import\\()\\s*(?:as\\s+\\w+\\s+from\\s+)?'[^']*${barrel.replace(/^src\//, '')}'`,
  );
  return namespaceOrLazy.test(source) ? ['*'] : names;
}

function unusedExports(): string[] {
  const files = SCANNED.flatMap((d) => filesUnder(join(ROOT, d)));
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const barrels = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `src/${e.name}/index.ts`)
    .filter((b) => texts.has(join(ROOT, b)));
  const unused: string[] = [];
  for (const barrel of barrels) {
    const folder = barrel.replace(/index\.ts$/, '');
    const used = new Set<string>();
    for (const [file, text] of texts) {
      const path = relative(ROOT, file);
      // The folder's own modules import each other directly; its tests may use the barrel as users do.
      if (path.startsWith(folder) && !path.endsWith('.test.ts')) continue;
      for (const name of importedNames(text, file, barrel)) used.add(name);
    }
    if (used.has('*')) continue;
    const exported = exportedNames(texts.get(join(ROOT, barrel)) ?? '');
    for (const name of exported) if (!used.has(name)) unused.push(`${barrel}: ${name}`);
  }
  return unused;
}

if (import.meta.main) {
  const unused = unusedExports();
  if (unused.length > 0) {
    console.error(
      `barrel exports that nothing outside their folder imports (cut them):\n  ${unused.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log('✔ every barrel export is used');
}
