// Builds dist/: the `ork` CLI bundled into one entry (dist/ork.js), the Katalog child process of
// `ork run` (dist/run-input-child.js), the chunks the commands load on demand, and the Control
// Center's browser code (dist/control/app.js and app.css).
// Why a bundle: `ork run` loaded ~240 modules of dist/ and node_modules/; resolving and compiling
// them one by one kept Node's module loader hot enough for V8 to optimise it, and each module
// holds its own records. As one bundle an operator process starts with ~10 MB less resident memory
// (about 5 MB of it pages of Node's optimising compilers never touched) and reaches /ready sooner.
// Run: node scripts/build.ts
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundle, bundleControlUi } from './bundle.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/dist`, { recursive: true, force: true });
await bundle(root, { ork: 'src/cli/index.ts', 'run-input-child': 'src/app/run/run-input-child.ts' }, 'dist');
await bundleControlUi(root, 'dist/control');
