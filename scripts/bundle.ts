// How Orkestra's JavaScript is bundled (esbuild), for dist/ (scripts/build.ts) and for the benches
// that measure one layer at a time. Types are checked by `npm run typecheck`, not here.
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';

/**
 * Turns every static import of a Node built-in into a require() of it. An ES module import of a
 * built-in gives the importer a namespace of ALL the built-in's exports, and building it reads
 * every lazy getter: `node:crypto` loads WebCrypto, `node:process` the diagnostic report. Through
 * require() esbuild binds each imported name to a getter on the module object instead, read only
 * where the code uses it. Dynamic imports stay as they are.
 */
const builtinsThroughRequire: Plugin = {
  name: 'builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'node-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/**
 * Bundles `entryPoints` (output name → source file) into `outdir`: ES modules for Node, the entries
 * and the chunks they share in one flat folder, dynamic imports kept as chunks loaded on demand.
 */
export async function bundle(
  root: string,
  entryPoints: Record<string, string>,
  outdir: string,
): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    // One flat folder: src/app/run/run-input.ts finds the child next to whichever chunk it lands in.
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true, // the commands stay lazily loaded: `ork run` never loads zod or the Katalog tooling
    format: 'esm',
    platform: 'node',
    target: 'node22.19',
    sourcemap: 'linked',
    // Loaded only when a kubeconfig names a legacy auth-provider, from the user's own install.
    external: ['@kubernetes/client-node'],
    // yaml and commander are CommonJS; their require() calls need a require in an ES module.
    banner: {
      js: "import { createRequire as __orkCreateRequire } from 'node:module'; const require = __orkCreateRequire(import.meta.url);",
    },
    plugins: [builtinsThroughRequire],
    logLevel: 'warning',
  });
}

/**
 * Bundles the Control Center's browser code (src/control/ui/) into `outdir`: `app.js` (one minified ES
 * module for the browser, no framework) and `app.css`. Served by `ork control start`; no CDN.
 */
export async function bundleControlUi(root: string, outdir: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: { app: 'src/control/ui/main.ts', 'app-style': 'src/control/ui/app.css' },
    outdir,
    entryNames: '[name]',
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    logLevel: 'warning',
  });
  const { renameSync } = await import('node:fs');
  renameSync(`${root}/${outdir}/app-style.css`, `${root}/${outdir}/app.css`);
}
