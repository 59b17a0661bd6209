/**
 * How long loading + validating + compiling a 100-CRD Katalog takes (median of several runs).
 * Prints numbers; asserts nothing. Run: node bench/katalog-validate.ts [crds] [runs]
 */
import { compileKatalog, loadKatalog, validateKatalog } from '../src/katalog/index.ts';

const crds = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 9);

function entry(i: number): string {
  return `    app${String(i)}:
      apiTypes: {group: bench.example.io, version: v1, kind: App${String(i)}}
      workers: 4
      resync: 30s
      validation:
        rules:
          - {field: spec.image, prefix: "myorg/", message: "internal images only"}
      operatorBox:
        onCreate:
          deployments:
            - image: "{{ .spec.image }}"
              replicas: "{{ .spec.replicas }}"
              port: 8080
              env: {MODE: {value: "{{ .spec.mode }}"}}
              reconcile: true
          services:
            - {port: 80, targetPort: 8080, reconcile: true}
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}-cfg"
              data: {mode: "{{ .spec.mode }}"}
              when: [{field: spec.mode, in: "a,b,c"}, {field: spec.replicas, greaterThan: 2}]
        status:
          fields:
            - {path: phase, value: '{{ ternary .spec.suspend "Suspended" "Active" }}'}
`;
}

const text = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: bench}
spec:
  crds:
${Array.from({ length: crds }, (_, i) => entry(i)).join('')}`;

const readFile = (): Promise<string> => Promise.resolve(text);

async function once(): Promise<{ load: number; validate: number; compile: number }> {
  const t0 = performance.now();
  const loaded = await loadKatalog(['bench.yaml'], { readFile });
  const t1 = performance.now();
  if (!loaded.katalog) throw new Error(`did not load: ${loaded.diagnostics[0]?.message ?? ''}`);
  const diagnostics = validateKatalog(loaded.katalog);
  const t2 = performance.now();
  compileKatalog(loaded.katalog);
  const t3 = performance.now();
  if (diagnostics.length > 0) throw new Error(diagnostics[0]?.message);
  return { load: t1 - t0, validate: t2 - t1, compile: t3 - t2 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const samples: { load: number; validate: number; compile: number }[] = [];
await once(); // warm-up
for (let i = 0; i < runs; i++) samples.push(await once());
const m = (k: 'load' | 'validate' | 'compile'): string => median(samples.map((s) => s[k])).toFixed(1);
const total = median(samples.map((s) => s.load + s.validate + s.compile)).toFixed(1);
console.log(`katalog: ${String(crds)} CRDs, ${String(text.length)} bytes, median of ${String(runs)} runs`);
console.log(
  `  load (YAML + schema) ${m('load')} ms · validate ${m('validate')} ms · compile ${m('compile')} ms`,
);
console.log(`  total ${total} ms`);
