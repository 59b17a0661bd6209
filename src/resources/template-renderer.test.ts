import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GoFloat, TemplateSyntaxError, createFunctionCatalog } from '../template/index.ts';
import { passesConditions } from './condition/evaluate-condition.ts';
import { renderDesiredChildren } from './builders/render-group.ts';
import { hookOf } from './testing/hook-of.ts';
import { renderStatus } from './status/render-status.ts';
import { createTemplateRenderer, toPlainValue } from './template-renderer.ts';
import { websiteData, websiteOrigin } from './testing/fixtures.ts';

const funcs = createFunctionCatalog({ clock: () => new Date('2025-01-01T00:00:00Z') });
const render = createTemplateRenderer({ funcs });

describe('createTemplateRenderer', () => {
  it('keeps the type of a whole-value template and returns text otherwise', () => {
    assert.equal(render('{{ .spec.replicas }}', websiteData), 3);
    assert.equal(render('{{ .metadata.name }}-svc', websiteData), 'shop-svc');
    assert.equal(render('{{ .spec.missing }}', websiteData), undefined);
    assert.equal(render('{{ 2.0 }}', {}), 2);
  });

  it('returns the text Go prints when asked for text', () => {
    assert.equal(render('{{ .spec.databases }}', websiteData, 'text'), '[orders users]');
    assert.equal(render('{{ 1e6 }}', {}, 'text'), '1e+06');
    assert.equal(render('{{ 1e6 }}', {}), 1000000);
    assert.equal(render('{{ .spec.missing }}', websiteData, 'text'), '');
    assert.equal(render('{{ $x := 3 }}', {}, 'text'), '');
  });

  it('calls catalog functions', () => {
    assert.equal(render('{{ .spec.environment | upper }}', websiteData), 'PRODUCTION');
    assert.equal(render('{{ get .children.deployment "status" "readyReplicas" }}', websiteData), undefined);
  });

  it('throws a syntax error for a template that does not parse', () => {
    assert.throws(() => render('{{ .spec.image', websiteData), TemplateSyntaxError);
  });

  it('renders the seed Website into a Deployment and a Service with the real engine', () => {
    const children = renderDesiredChildren(
      {
        onCreate: hookOf({
          deployments: [
            {
              image: '{{ .spec.image }}',
              replicas: '{{ .spec.replicas }}',
              env: { REGION: { value: '{{ .spec.region | upper }}' } },
              reconcile: true,
            },
          ],
          services: [
            { name: '{{ .metadata.name }}', port: 80, targetPort: '{{ .spec.port }}', reconcile: true },
          ],
          configMaps: [
            {
              name: '{{ .metadata.name }}-debug',
              when: [{ field: 'spec.environment', notEquals: 'production' }],
            },
          ],
        }),
        onReconcile: hookOf({}),
      },
      { data: websiteData, render, origin: websiteOrigin },
    );
    assert.deepEqual(
      children.map((child) => child.manifest.kind),
      ['Deployment', 'Service'],
    );
    const deployment = children[0]!.manifest['spec'] as {
      replicas: number;
      template: { spec: { containers: { env: unknown }[] } };
    };
    assert.equal(deployment.replicas, 3);
    assert.deepEqual(deployment.template.spec.containers[0]?.env, [{ name: 'REGION', value: 'EU-WEST-1' }]);
    const service = children[1]!.manifest['spec'] as { ports: unknown };
    assert.deepEqual(service.ports, [{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
  });

  it('evaluates template conditions and status fields with the real engine', () => {
    const scope = { data: websiteData, render };
    assert.equal(
      passesConditions({ when: [{ field: '{{ eq .spec.environment "production" }}', equals: true }] }, scope),
      true,
    );
    assert.equal(
      passesConditions({ when: [{ field: '{{ len .spec.databases }}', greaterThan: '1' }] }, scope),
      true,
    );
    const status = renderStatus({
      spec: {
        conditions: false,
        fields: [
          { path: 'phase', value: '{{ ternary (eq .spec.environment "paused") "Suspended" "Active" }}' },
          { path: 'endpoint', value: '{{ .metadata.name }}.{{ .metadata.namespace }}.svc.cluster.local' },
        ],
      },
      live: undefined,
      generation: 1,
      outcome: { ok: true },
      now: '2025-01-01T00:00:00Z',
      data: websiteData,
      render,
    });
    assert.deepEqual(status, {
      observedGeneration: 1,
      phase: 'Active',
      endpoint: 'shop.web.svc.cluster.local',
    });
  });

  it('prints typed results into string status fields and env values as Go prints them', () => {
    const status = renderStatus({
      spec: {
        conditions: false,
        fields: [
          { path: 'databases', value: '{{ .spec.databases }}', type: 'string' },
          { path: 'ratio', value: '{{ toFloat "0.00001" }}', type: 'string' },
          { path: 'count', value: '{{ len .spec.databases }}', type: 'int' },
        ],
      },
      live: undefined,
      generation: 1,
      outcome: { ok: true },
      now: '2025-01-01T00:00:00Z',
      data: websiteData,
      render,
    });
    assert.deepEqual(status, {
      observedGeneration: 1,
      databases: '[orders users]',
      ratio: '1e-05',
      count: 2,
    });
    const [child] = renderDesiredChildren(
      {
        onCreate: hookOf({}),
        onReconcile: hookOf({
          deployments: [{ image: 'shop:1', env: [{ name: 'DATABASES', value: '{{ .spec.databases }}' }] }],
        }),
      },
      { data: websiteData, render, origin: websiteOrigin },
    );
    const spec = child!.manifest['spec'] as { template: { spec: { containers: { env: unknown }[] } } };
    assert.deepEqual(spec.template.spec.containers[0]?.env, [{ name: 'DATABASES', value: '[orders users]' }]);
  });

  it('re-executes a cached template on every call, never caching results', () => {
    let calls = 0;
    const counting = createTemplateRenderer({
      funcs: {
        tick: () => {
          calls++;
          return calls;
        },
      },
      cacheSize: 2,
    });
    assert.equal(counting('{{ tick }}', {}), 1);
    assert.equal(counting('{{ tick }}', {}), 2);
    assert.equal(counting('a{{ tick }}', {}), 'a3');
    assert.equal(counting('b{{ tick }}', {}), 'b4');
  });
});

describe('toPlainValue', () => {
  it('turns whole floats into numbers inside lists and maps', () => {
    assert.deepEqual(toPlainValue({ a: [new GoFloat(3)], b: 'x' }), { a: [3], b: 'x' });
  });
});
