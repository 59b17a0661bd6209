import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { KubeObject } from '../../kube/index.ts';
import { loadKatalog, compileKatalog, type Plan } from '../../katalog/index.ts';
import { storeSpec } from './render-spec.ts';
import { parseObjects } from './render-files.ts';
import { formatRenderReport, toManifestYaml } from './render-format.ts';
import { chooseEntry, PLACEHOLDER_UID, RenderError, renderCustomResources } from './render.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: unit}
spec:
  crds:
    website:
      apiTypes: {group: demo.io, version: v1, kind: Website, plural: websites}
      namespaces: [web]
      operatorBox:
        onReconcile:
          configMaps:
            - name: "{{ .metadata.name }}-cfg"
              data: {greeting: "{{ .spec.greeting }}", size: "{{ with .childList.configmap }}{{ len . }}{{ else }}0{{ end }}"}
    other:
      enabled: false
      apiTypes: {group: demo.io, version: v1, kind: Other, plural: others}
`;

async function load(): Promise<{ plans: readonly Plan[] }> {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
  assert.ok(loaded.katalog !== undefined, loaded.diagnostics.map((d) => d.message).join('; '));
  return { plans: compileKatalog(loaded.katalog) };
}

function website(name: string, spec: Record<string, unknown>, namespace = 'web'): KubeObject {
  return { apiVersion: 'demo.io/v1', kind: 'Website', metadata: { name, namespace }, spec };
}

const now = () => new Date('2026-01-02T03:04:05Z');

describe('ork render', () => {
  it('applies the reconcile to a CR offline, with a placeholder owner uid when the CR has none', async () => {
    const { plans } = await load();
    const report = await renderCustomResources({
      plans,
      crs: [website('a', { greeting: 'hi' })],
      now,
    });
    const [result] = report.results;
    assert.ok(report.ok && result?.recorded !== undefined);
    const [child] = result.recorded.children;
    assert.equal(child?.action, 'create');
    assert.deepEqual(child.object['data'], { greeting: 'hi', size: '0' });
    const owner = child.object.metadata?.ownerReferences?.[0];
    assert.equal(owner?.uid, PLACEHOLDER_UID);
    assert.equal(result.recorded.status?.['observedGeneration'], 1);
  });

  it('feeds the live children given to .childList and re-applies a live child that differs', async () => {
    const { plans } = await load();
    const first = await renderCustomResources({
      plans,
      crs: [website('a', { greeting: 'hi' })],
      now,
    });
    const applied = first.results[0]?.recorded?.children[0]?.object;
    assert.ok(applied !== undefined);
    const live = [applied];
    const again = await renderCustomResources({
      plans,
      crs: [website('a', { greeting: 'hi' })],
      children: live,
      now,
    });
    const child = again.results[0]?.recorded?.children[0];
    assert.equal(child?.action, 'update', 'size is now 1: the live ConfigMap is counted');
    assert.equal(child.object['data'] && (child.object['data'] as { size: string }).size, '1');
  });

  it('reports a CR that matches no entry, and one outside the watched namespaces, without throwing', async () => {
    const { plans } = await load();
    const crs = [
      { apiVersion: 'demo.io/v2', kind: 'Website', metadata: { name: 'x' } },
      website('b', {}, 'other'),
    ];
    const report = await renderCustomResources({ plans, crs, now });
    assert.equal(report.ok, false);
    assert.match(
      report.results[0]?.error ?? '',
      /demo\.io\/v2 Website matches no CRD entry \(entries: website/,
    );
    assert.match(report.results[1]?.skipped ?? '', /namespace other is not watched/);
    assert.equal(report.results[1]?.recorded, undefined);
  });

  it('chooses the entry named by --crd and rejects an unknown one', async () => {
    const { plans } = await load();
    const cr = website('a', {});
    assert.equal(chooseEntry(cr, plans, 'other').key, 'other');
    assert.throws(() => chooseEntry(cr, plans, 'nope'), RenderError);
  });

  it('prints objects as YAML documents and everything else as comments', async () => {
    const { plans } = await load();
    const report = await renderCustomResources({
      plans,
      crs: [website('a', { greeting: 'on' })],
      now,
    });
    const text = formatRenderReport(report);
    const docs = text.split('---\n').map((d) => parse(d) as unknown);
    assert.deepEqual(
      docs.map((d) => (d === null ? null : (d as KubeObject).kind)),
      [null, 'ConfigMap', null],
    );
    assert.match(text, /^# Website web\/a · entry website of Katalog unit$/m);
    assert.match(text, /^ {2}greeting: "on"$/m);
    assert.match(text, /^# status \(patched through the status subresource\):$/m);
  });
});

describe('toManifestYaml', () => {
  it('quotes strings a YAML 1.1 or 1.2 reader would take for another type', () => {
    const values = ['yes', 'no', 'on', 'off', '00042', '1e3', '~', '0o17', 'true', 'null'];
    const text = toManifestYaml({ values, plain: 'nginx:1.27' });
    for (const v of values) assert.ok(text.includes(`"${v}"`), `${v} is not quoted in\n${text}`);
    assert.match(text, /plain: nginx:1\.27/);
  });
});

describe('storeSpec', () => {
  it('fills declared defaults, also inside objects and list items, and prunes undeclared fields', () => {
    const schema = {
      type: 'object',
      properties: {
        port: { type: 'integer', default: 80 },
        tls: { type: 'object', properties: { enabled: { type: 'boolean', default: false } } },
        routes: {
          type: 'array',
          items: { type: 'object', properties: { weight: { default: 1 }, path: {} } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    };
    const stored = storeSpec({ tls: {}, routes: [{ path: '/' }], labels: { a: 'b' }, extra: 1 }, schema);
    assert.deepEqual(stored.spec, {
      tls: { enabled: false },
      routes: [{ path: '/', weight: 1 }],
      labels: { a: 'b' },
      port: 80,
    });
    assert.deepEqual(stored.defaulted, ['spec.tls.enabled', 'spec.routes[0].weight', 'spec.port']);
    assert.deepEqual(stored.pruned, ['spec.extra']);
  });

  it('keeps everything under x-kubernetes-preserve-unknown-fields', () => {
    const stored = storeSpec({ any: { thing: 1 } }, { 'x-kubernetes-preserve-unknown-fields': true });
    assert.deepEqual(stored.spec, { any: { thing: 1 } });
    assert.deepEqual(stored.pruned, []);
  });
});

describe('parseObjects', () => {
  it('reads every document, skips empty ones and expands kind List items', () => {
    const text = 'kind: List\nitems: [{kind: A}, {kind: B}]\n---\n# only a comment\n---\nkind: C\n';
    assert.deepEqual(
      parseObjects(text, 'f.yaml').map((o) => o.kind),
      ['A', 'B', 'C'],
    );
  });

  it('names the file, line and column of a YAML error', () => {
    assert.throws(() => parseObjects('a: [1', 'bad.yaml'), /^RenderError: bad\.yaml:1:6: YAML syntax: /);
  });
});
