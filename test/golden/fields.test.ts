// Whole-field goldens (spec §6.1, §6.5): a string field whose whole value is one template gets exactly the text
// Go's text/template prints for it — a list as `[a b]`, a map as `map[a:1 b:2]`, a float in Go's shortest form.
// Every case of test/golden/template/fields.json (recorded from Go by test/golden/gen) becomes the value of the
// string fields of a Katalog: a ConfigMap's data, an annotation, a Secret's data, an env value in the map, scalar
// and list forms, and a status field of type string. The runtime's own reconcile renders it offline (what
// `ork render` runs), and each field must hold Go's text.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadKatalogFiles } from '../../src/app/katalog.ts';
import { renderCustomResources, type CrRender } from '../../src/app/render/render-tools.ts';
import type { KubeObject } from '../../src/kube/index.ts';

interface FieldCase {
  readonly name: string;
  readonly template: string;
  readonly data: { readonly spec?: unknown };
  readonly expected?: string;
}

const cases = (
  JSON.parse(readFileSync(new URL('./template/fields.json', import.meta.url), 'utf8')) as FieldCase[]
).filter((c): c is FieldCase & { expected: string } => c.expected !== undefined);

const GROUP = 'golden.orkestra.io';

/** The CRD entry of case `i`: every string field under test holds the case's template as its whole value. */
function entryOf(i: number, template: string): unknown {
  const probe = { name: 'probe', annotations: { value: template } };
  return {
    apiTypes: { group: GROUP, version: 'v1', kind: `Probe${i}`, plural: `probe${i}s` },
    operatorBox: {
      default: true,
      onReconcile: {
        configMaps: [{ ...probe, data: { value: template } }],
        secrets: [{ ...probe, data: { value: template } }],
        deployments: [
          { ...probe, image: 'busybox', env: { MAP_FORM: { value: template }, SCALAR_FORM: template } },
          { name: 'probe-list', image: 'busybox', env: [{ name: 'LIST_FORM', value: template }] },
        ],
      },
      status: { fields: [{ path: 'value', value: template, type: 'string' }] },
    },
  };
}

/** One Katalog holding a CRD entry per case, written as JSON (which YAML reads). */
function katalogText(): string {
  const crds = Object.fromEntries(cases.map((c, i) => [`probe${i}`, entryOf(i, c.template)]));
  const katalog = { apiVersion: 'orkestra.orkspace.io/v1', kind: 'Katalog', metadata: { name: 'fields' } };
  return JSON.stringify({ ...katalog, spec: { crds } }, null, 1);
}

function crOf(i: number, c: FieldCase): KubeObject {
  const metadata = { name: 'probe', namespace: 'default', uid: `uid-${i}` };
  return { apiVersion: `${GROUP}/v1`, kind: `Probe${i}`, metadata, ...c.data };
}

type Container = { env: { name: string; value?: string }[] };

function child(result: CrRender, kind: string, name = 'probe'): Record<string, unknown> {
  const found = result.recorded?.children.find(
    (w) => w.object.kind === kind && w.object.metadata?.name === name,
  );
  assert.ok(found, `no ${kind} ${name} rendered (${result.error ?? 'no error'})`);
  return found.object;
}

function envOf(result: CrRender, name: string): Record<string, string | undefined> {
  const spec = child(result, 'Deployment', name)['spec'] as {
    template: { spec: { containers: Container[] } };
  };
  const env = spec.template.spec.containers[0]?.env ?? [];
  return Object.fromEntries(env.map((e) => [e.name, e.value]));
}

/** The value of every string field under test, by field. */
function fieldValues(result: CrRender): Record<string, unknown> {
  const configMap = child(result, 'ConfigMap');
  const secret = child(result, 'Secret') as { data: { value: string } };
  const annotations = (configMap['metadata'] as { annotations: Record<string, string> }).annotations;
  return {
    'configMap data': (configMap['data'] as Record<string, string>)['value'],
    annotation: annotations['value'],
    'secret data': Buffer.from(secret.data.value, 'base64').toString('utf8'),
    'env map form': envOf(result, 'probe')['MAP_FORM'],
    'env scalar form': envOf(result, 'probe')['SCALAR_FORM'],
    'env list form': envOf(result, 'probe-list')['LIST_FORM'],
    'status field': result.recorded?.status?.['value'],
  };
}

describe('whole-field goldens', () => {
  let dir = '';
  let results: readonly CrRender[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ork-fields-'));
    const file = join(dir, 'katalog.yaml');
    writeFileSync(file, katalogText());
    const load = await loadKatalogFiles([file]);
    const errors = load.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    assert.ok(load.ok && load.katalog !== undefined, `the Katalog does not load: ${errors.join('; ')}`);
    const crs = cases.map((c, i) => crOf(i, c));
    const now = (): Date => new Date('2026-01-02T03:04:05Z');
    results = (await renderCustomResources({ plans: load.plans, crs, now })).results;
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  cases.forEach((c, i) => {
    it(`string fields print what Go prints: ${c.name}`, () => {
      const result = results[i];
      assert.ok(result !== undefined);
      assert.equal(result.error, undefined, `${c.template}: ${result.error ?? ''}`);
      const values = fieldValues(result);
      const expected = Object.fromEntries(Object.keys(values).map((field) => [field, c.expected]));
      assert.deepEqual(values, expected, c.template);
    });
  });
});
