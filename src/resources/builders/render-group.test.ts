import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChildConflictError, ConditionError } from '../errors.ts';
import { fakeRender } from '../testing/fake-render.ts';
import { hookOf, type GroupLiteral } from '../testing/hook-of.ts';
import { websiteData, websiteOrigin } from '../testing/fixtures.ts';
import { renderDesiredChildren, renderGroup } from './render-group.ts';
import type { Hook } from './render-group.ts';

const base = { data: websiteData, render: fakeRender, origin: websiteOrigin };
const render = (hook: Hook, group: GroupLiteral) => renderGroup({ ...base, hook, group: hookOf(group) });
const names = (children: { manifest: { metadata?: { name?: string } } }[]) =>
  children.map((child) => child.manifest.metadata?.name);

describe('renderGroup', () => {
  it('renders every entry in the order the compiled hook gives, each named by its hook', () => {
    const children = render('onReconcile', {
      serviceAccounts: [{ name: 'sa' }],
      configMaps: [{ name: 'cfg' }],
      deployments: [{ image: 'nginx' }],
    });
    assert.deepEqual(
      children.map((child) => child.manifest.kind),
      ['ServiceAccount', 'ConfigMap', 'Deployment'],
    );
    assert.equal(children[2]?.entry, 'onReconcile.deployments[0]');
  });

  it('keeps only the entries whose when and or conditions pass', () => {
    const children = render('onReconcile', {
      services: [
        { name: '{{ .metadata.name }}-lb', when: [{ field: 'spec.environment', equals: 'production' }] },
        {
          name: '{{ .metadata.name }}-debug',
          when: [{ field: 'spec.environment', notEquals: 'production' }],
        },
        {
          name: 'either',
          or: [
            { field: 'spec.nothing', exists: true },
            { field: 'spec.port', equals: 8080 },
          ],
        },
      ],
    });
    assert.deepEqual(names(children), ['shop-lb', 'either']);
  });

  it('expands forEach over a list with .item, .<as> and .index', () => {
    const children = render('onReconcile', {
      configMaps: [
        {
          name: '{{ .metadata.name }}-{{ .db }}',
          forEach: { field: 'spec.databases', as: 'db' },
          labels: { position: '{{ .index }}', same: '{{ .item }}' },
        },
      ],
    });
    assert.deepEqual(names(children), ['shop-orders', 'shop-users']);
    assert.equal(children[1]?.manifest.metadata?.labels?.['position'], '1');
    assert.equal(children[1].manifest.metadata.labels['same'], 'users');
  });

  it('expands forEach over a map in key order with the key as .index and .key', () => {
    const children = render('onReconcile', {
      configMaps: [
        { name: 'tier-{{ .key }}', forEach: { field: 'spec.tiers' }, labels: { size: '{{ .item.size }}' } },
      ],
    });
    assert.deepEqual(names(children), ['tier-bronze', 'tier-gold']);
    assert.equal(children[1]?.manifest.metadata?.labels?.['size'], '3');
  });

  it('evaluates conditions per forEach element', () => {
    const children = render('onReconcile', {
      configMaps: [
        {
          name: 'db-{{ .item }}',
          forEach: { field: 'spec.databases' },
          when: [{ field: 'item', prefix: 'u' }],
        },
      ],
    });
    assert.deepEqual(names(children), ['db-users']);
  });

  it('renders nothing for a forEach over a missing field', () => {
    assert.deepEqual(render('onReconcile', { configMaps: [{ forEach: { field: 'spec.none' } }] }), []);
  });

  it('fails loudly on a forEach over a scalar', () => {
    assert.throws(
      () => render('onReconcile', { configMaps: [{ forEach: { field: 'spec.image' } }] }),
      /a list or a map/,
    );
  });

  it('enforces onReconcile entries and reconcile: true onCreate entries; other onCreate entries are created once', () => {
    const create = render('onCreate', { configMaps: [{ name: 'a', reconcile: true }, { name: 'b' }] });
    assert.deepEqual(
      create.map((child) => child.mode),
      ['enforce', 'createOnly'],
    );
    assert.equal(create[0]?.manifest.metadata?.annotations?.['orkestra.orkspace.io/reconcile'], 'true');
    assert.equal(create[1]?.manifest.metadata?.annotations?.['orkestra.orkspace.io/reconcile'], undefined);
    assert.equal(render('onReconcile', { configMaps: [{}] })[0]?.mode, 'enforce');
  });

  it('creates Jobs and once Secrets only once, whatever the hook says', () => {
    const children = render('onReconcile', {
      secrets: [{ name: 'creds', once: true, rotateAfter: '30d', data: { password: 'x' } }],
      jobs: [{ image: 'busybox' }],
    });
    assert.deepEqual(
      children.map((child) => [child.manifest.kind, child.mode]),
      [
        ['Secret', 'createOnly'],
        ['Job', 'createOnly'],
      ],
    );
    assert.deepEqual(children[0]?.secret, { once: true, rotateAfterMs: 30 * 86_400_000, tls: undefined });
  });

  it('carries the TLS request of a Secret for the runtime to fulfil', () => {
    const [child] = render('onReconcile', {
      secrets: [
        {
          name: 'tls',
          tls: { commonName: '{{ .metadata.name }}.web.svc', dnsNames: ['{{ .metadata.name }}'] },
        },
      ] as never,
    });
    assert.equal(child?.manifest['type'], 'kubernetes.io/tls');
    assert.deepEqual(child.secret!.tls, {
      commonName: 'shop.web.svc',
      dnsNames: ['shop'],
      validForMs: 365 * 86_400_000,
    });
  });

  it('carries the CA Secret a tls Secret is signed with, and its validFor', () => {
    const [child] = render('onReconcile', {
      secrets: [
        { name: 'tls', tls: { commonName: 'x', validFor: '90d', ca: { secretName: 'shop-ca' } } },
      ] as never,
    });
    assert.deepEqual(child?.secret?.tls, {
      commonName: 'x',
      dnsNames: [],
      validForMs: 90 * 86_400_000,
      ca: { secretName: 'shop-ca' },
    });
  });

  it('builds onDelete Jobs without an owner reference', () => {
    const [job] = render('onDelete', { jobs: [{ image: 'busybox' }] });
    assert.equal(job?.manifest.metadata?.ownerReferences, undefined);
    assert.equal(job?.mode, 'createOnly');
  });

  it('passes forceConflicts through, true by default', () => {
    const children = render('onReconcile', {
      configMaps: [{ name: 'a' }, { name: 'b', forceConflicts: false }],
    });
    assert.deepEqual(
      children.map((child) => child.forceConflicts),
      [true, false],
    );
  });

  it('rejects two entries that render the same object', () => {
    assert.throws(
      () => render('onReconcile', { configMaps: [{ forEach: { field: 'spec.databases' } }] }),
      (error: unknown) =>
        error instanceof ChildConflictError &&
        /ConfigMap web\/shop/.test(error.message) &&
        error.entries[0] === 'onReconcile.configMaps[0]',
    );
  });

  it('lets two kinds share a name', () => {
    assert.equal(
      render('onReconcile', { deployments: [{ image: 'x' }], services: [{ port: 80 }] }).length,
      2,
    );
  });

  it('propagates a condition that cannot be evaluated', () => {
    assert.throws(
      () => render('onReconcile', { configMaps: [{ when: [{ field: 'spec.port', greaterThan: 'x' }] }] }),
      ConditionError,
    );
  });
});

describe('renderDesiredChildren', () => {
  it('renders onCreate then onReconcile', () => {
    const children = renderDesiredChildren(
      {
        onCreate: hookOf({ configMaps: [{ name: 'first' }] }),
        onReconcile: hookOf({ configMaps: [{ name: 'second' }] }),
      },
      base,
    );
    assert.deepEqual(names(children), ['first', 'second']);
  });

  it('rejects the same object declared in both hooks', () => {
    assert.throws(
      () =>
        renderDesiredChildren(
          { onCreate: hookOf({ configMaps: [{}] }), onReconcile: hookOf({ configMaps: [{}] }) },
          base,
        ),
      ChildConflictError,
    );
  });
});
