import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeRender } from '../testing/fake-render.ts';
import { hookOf, type GroupLiteral } from '../testing/hook-of.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import { ChildFieldError } from './api-names.ts';
import { renderGroup } from './render-group.ts';

const LONG = 'a'.repeat(100_000);

function render(group: GroupLiteral, spec: Record<string, unknown> = {}) {
  const data = { ...websiteData, spec: { ...(websiteData['spec'] as object), ...spec } };
  return renderGroup({
    data,
    render: fakeRender,
    origin: websiteOrigin,
    hook: 'onReconcile',
    group: hookOf(group),
  });
}

function refusal(group: GroupLiteral, spec: Record<string, unknown>): ChildFieldError {
  try {
    render(group, spec);
  } catch (error) {
    if (error instanceof ChildFieldError) return error;
    throw error;
  }
  assert.fail('rendered without an error');
}

describe('names and labels of a rendered child, checked before any API call', () => {
  it('refuses a name of 100,000 characters, naming the entry and the field, without printing it whole', () => {
    const e = refusal({ configMaps: [{ name: '{{ .spec.name }}' }] }, { name: LONG });
    assert.equal(e.entry, 'onReconcile.configMaps[0]');
    assert.equal(e.field, 'metadata.name');
    assert.match(e.message, /100000 characters; at most 253/);
    assert.ok(e.message.length < 300, 'the message repeats the whole value');
  });

  it('refuses a label value rendered from a long CR field, and one with a space', () => {
    const labels = { owner: '{{ .spec.owner }}' };
    const long = refusal({ configMaps: [{ name: 'cfg', labels }] }, { owner: LONG });
    assert.equal(long.field, 'metadata.labels.owner');
    assert.match(long.message, /at most 63/);
    const spaced = refusal({ configMaps: [{ name: 'cfg', labels }] }, { owner: 'two words' });
    assert.match(spaced.message, /label value/);
  });

  it('applies each kind’s name rule: a Service starts with a letter, a ClusterRole may hold ":"', () => {
    assert.throws(
      () => render({ services: [{ name: '{{ .spec.v }}', port: 80 }] }, { v: '1web' }),
      ChildFieldError,
    );
    const children = render({ clusterRoles: [{ name: '{{ .spec.v }}' }] }, { v: 'system:reader' });
    assert.equal(children[0]?.manifest.metadata?.name, 'system:reader');
  });

  it('refuses a rendered namespace that is not a DNS label', () => {
    const e = refusal({ configMaps: [{ name: 'cfg', namespace: '{{ .spec.ns }}' }] }, { ns: 'Team_A' });
    assert.equal(e.field, 'metadata.namespace');
  });

  it('refuses an annotation key set through overrides that the API server would refuse', () => {
    const overrides = { metadata: { annotations: { 'a/b/c': 'x' } } };
    const e = refusal({ configMaps: [{ name: 'cfg', overrides }] }, {});
    assert.equal(e.field, 'metadata.annotations key');
  });
});
