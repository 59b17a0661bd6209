import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CrdDocument, CrdSchema, CrdVersion } from './crd-types.ts';
import { affects, diffCrd, type BreakingChange } from './crd-diff.ts';
import { describeBreakingChanges, describeChange } from './describe.ts';

/** A CRD with one version `v1` whose spec has these properties (and `required`). */
function crd(spec: CrdSchema, more: Partial<CrdVersion> = {}, extra: CrdVersion[] = []): CrdDocument {
  const schema: CrdSchema = { type: 'object', properties: { spec: { type: 'object', ...spec } } };
  return {
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', kind: 'Widget' },
      scope: 'Namespaced',
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema }, ...more },
        ...extra,
      ],
    },
    status: { storedVersions: ['v1'] },
  };
}

const replicas = (type: string): CrdSchema => ({ properties: { replicas: { type } } });

function lines(changes: readonly BreakingChange[]): string[] {
  return changes.map(describeChange);
}

function widget(spec: Record<string, unknown>): object {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
}

describe('diffCrd: breaking changes', () => {
  it('a field whose type changes', () => {
    const changes = diffCrd(crd(replicas('string')), crd(replicas('integer')));
    assert.deepEqual(lines(changes), ['versions[v1].spec.replicas: type string → integer']);
    const [change] = changes;
    assert.ok(change);
    assert.equal(affects(change, widget({ replicas: 'three' })), true);
    assert.equal(affects(change, widget({ replicas: 3 })), false, 'an integer is already fine');
    assert.equal(affects(change, widget({})), false, 'a CR without the field is fine');
  });

  it('a number narrowed to an integer affects only fractions', () => {
    const [change] = diffCrd(crd(replicas('number')), crd(replicas('integer')));
    assert.ok(change);
    assert.equal(affects(change, widget({ replicas: 1.5 })), true);
    assert.equal(affects(change, widget({ replicas: 2 })), false);
  });

  it('int-or-string narrowed to one of them', () => {
    const before = crd({ properties: { port: { 'x-kubernetes-int-or-string': true } } });
    const changes = diffCrd(before, crd({ properties: { port: { type: 'integer' } } }));
    assert.deepEqual(lines(changes), ['versions[v1].spec.port: type integer|string → integer']);
    assert.equal(affects(changes[0]!, widget({ port: 'http' })), true);
    assert.equal(affects(changes[0]!, widget({ port: 80 })), false);
  });

  it('a required field with no default', () => {
    const before = crd({ properties: { image: { type: 'string' } } });
    const after = crd({
      required: ['image', 'size'],
      properties: { image: { type: 'string' }, size: { type: 'string' } },
    });
    const changes = diffCrd(before, after);
    assert.deepEqual(lines(changes), [
      'versions[v1].spec.image: required (new, no default)',
      'versions[v1].spec.size: required (new, no default)',
    ]);
    const size = changes[1]!;
    assert.equal(affects(size, widget({ image: 'a' })), true);
    assert.equal(affects(size, widget({ size: 'L' })), false);
  });

  it('an enum that loses values', () => {
    const tier = (values: string[]): CrdSchema => ({
      properties: { tier: { type: 'string', enum: values } },
    });
    const changes = diffCrd(crd(tier(['bronze', 'silver', 'gold'])), crd(tier(['bronze', 'silver'])));
    assert.deepEqual(lines(changes), [
      'versions[v1].spec.tier: enum ["bronze", "silver", "gold"] → ["bronze", "silver"], ["gold"] removed',
    ]);
    assert.equal(affects(changes[0]!, widget({ tier: 'gold' })), true);
    assert.equal(affects(changes[0]!, widget({ tier: 'silver' })), false);
  });

  it('an enum put on a field that had none', () => {
    const before = crd({ properties: { tier: { type: 'string' } } });
    const changes = diffCrd(before, crd({ properties: { tier: { type: 'string', enum: ['a'] } } }));
    assert.deepEqual(lines(changes), ['versions[v1].spec.tier: enum (any) → ["a"]']);
    assert.equal(affects(changes[0]!, widget({ tier: 'b' })), true);
  });

  it('a property taken out of the schema (the API server prunes what it stored)', () => {
    const before = crd({ properties: { legacy: { type: 'string' }, image: { type: 'string' } } });
    const changes = diffCrd(before, crd({ properties: { image: { type: 'string' } } }));
    assert.deepEqual(lines(changes), [
      'versions[v1].spec.legacy: removed from the schema (stored values are pruned)',
    ]);
    assert.equal(affects(changes[0]!, widget({ legacy: 'x' })), true);
    assert.equal(affects(changes[0]!, widget({ image: 'x' })), false);
  });

  it('a served version no longer served, and versions removed', () => {
    const v2 = { name: 'v2', served: true, storage: false };
    const before = crd({}, {}, [v2, { name: 'v0', served: false, storage: false }]);
    before.status = { storedVersions: ['v1', 'v2'] };
    const unserved = diffCrd(before, crd({}, {}, [{ ...v2, served: false }]));
    assert.deepEqual(lines(unserved), ['versions[v2]: served true → false']);
    const removed = diffCrd(before, crd({}));
    assert.deepEqual(lines(removed), [
      'versions[v2]: removed (objects are stored at it: status.storedVersions)',
    ]);
    assert.equal(affects(removed[0]!, widget({})), true, 'every object of a removed version');
  });
});

describe('diffCrd: nested schemas', () => {
  const containers = (image: CrdSchema, required?: string[]): CrdSchema => ({
    properties: {
      containers: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' }, image },
          ...(required ? { required } : {}),
        },
      },
    },
  });

  it('a type change inside array items counts the objects holding such an element', () => {
    const changes = diffCrd(crd(containers({ type: 'string' })), crd(containers({ type: 'object' })));
    assert.deepEqual(lines(changes), ['versions[v1].spec.containers[].image: type string → object']);
    const change = changes[0]!;
    assert.equal(affects(change, widget({ containers: [{ image: {} }, { image: 'nginx' }] })), true);
    assert.equal(affects(change, widget({ containers: [{ image: {} }] })), false);
    assert.equal(affects(change, widget({ containers: [] })), false);
  });

  it('a required field in array items affects an object with an element lacking it', () => {
    const image: CrdSchema = { type: 'string' };
    const changes = diffCrd(crd(containers(image)), crd(containers(image, ['image'])));
    assert.deepEqual(lines(changes), ['versions[v1].spec.containers[].image: required (new, no default)']);
    assert.equal(affects(changes[0]!, widget({ containers: [{ image: 'a' }, { name: 'b' }] })), true);
    assert.equal(affects(changes[0]!, widget({ containers: [{ image: 'a' }] })), false);
    assert.equal(affects(changes[0]!, widget({})), false, 'no element, nothing missing');
  });

  it('a required field inside an optional object affects only objects having that object', () => {
    const db = (required?: string[]): CrdSchema => ({
      properties: {
        database: {
          type: 'object',
          properties: { host: { type: 'string' } },
          ...(required ? { required } : {}),
        },
      },
    });
    const changes = diffCrd(crd(db()), crd(db(['host'])));
    assert.deepEqual(lines(changes), ['versions[v1].spec.database.host: required (new, no default)']);
    assert.equal(affects(changes[0]!, widget({ database: {} })), true);
    assert.equal(affects(changes[0]!, widget({})), false);
  });

  it('an enum narrowed in the values of a map', () => {
    const labels = (values: string[]): CrdSchema => ({
      properties: { levels: { type: 'object', additionalProperties: { type: 'string', enum: values } } },
    });
    const changes = diffCrd(crd(labels(['low', 'high'])), crd(labels(['low'])));
    assert.deepEqual(lines(changes), [
      'versions[v1].spec.levels.*: enum ["low", "high"] → ["low"], ["high"] removed',
    ]);
    assert.equal(affects(changes[0]!, widget({ levels: { a: 'low', b: 'high' } })), true);
    assert.equal(affects(changes[0]!, widget({ levels: { a: 'low' } })), false);
  });

  it('several versions are compared each with its own schema', () => {
    const v2 = (type: string): CrdVersion => ({
      name: 'v2',
      served: true,
      storage: false,
      schema: {
        openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', ...replicas(type) } } },
      },
    });
    const changes = diffCrd(
      crd(replicas('integer'), {}, [v2('string')]),
      crd(replicas('integer'), {}, [v2('boolean')]),
    );
    assert.deepEqual(lines(changes), ['versions[v2].spec.replicas: type string → boolean']);
  });
});

describe('diffCrd: compatible changes', () => {
  const base: CrdSchema = {
    required: ['image'],
    properties: {
      image: { type: 'string', description: 'the image' },
      replicas: { type: 'integer' },
      tier: { type: 'string', enum: ['a', 'b'] },
      ports: { type: 'array', items: { type: 'integer' } },
    },
  };

  const cases: [string, CrdSchema, Partial<CrdVersion>?, CrdVersion[]?][] = [
    ['nothing changed', base],
    ['a new optional field', { ...base, properties: { ...base.properties, size: { type: 'string' } } }],
    [
      'a description changed',
      { ...base, properties: { ...base.properties, image: { type: 'string', description: 'another' } } },
    ],
    [
      'an enum widened',
      { ...base, properties: { ...base.properties, tier: { type: 'string', enum: ['a', 'b', 'c'] } } },
    ],
    [
      'an integer widened to a number',
      { ...base, properties: { ...base.properties, replicas: { type: 'number' } } },
    ],
    ['a required field dropped', { ...base, required: [] }],
    [
      'a new required field with a default',
      {
        ...base,
        required: ['image', 'size'],
        properties: { ...base.properties, size: { type: 'string', default: 'M' } },
      },
    ],
    [
      'an integer widened to int-or-string in array items',
      {
        ...base,
        properties: {
          ...base.properties,
          ports: { type: 'array', items: { 'x-kubernetes-int-or-string': true } },
        },
      },
    ],
    [
      'a removed property kept as an unknown field',
      { ...base, 'x-kubernetes-preserve-unknown-fields': true, properties: { image: { type: 'string' } } },
    ],
    ['a new version', base, {}, [{ name: 'v2', served: true, storage: false }]],
    ['another storage version', base, { storage: false }, [{ name: 'v2', served: true, storage: true }]],
  ];
  for (const [name, after, more, extra] of cases) {
    it(`${name}: applies`, () => {
      assert.deepEqual(diffCrd(crd(base), crd(after, more, extra)), []);
    });
  }

  it('an unserved version that was never stored may go', () => {
    const before = crd(base, {}, [{ name: 'v0', served: false, storage: false }]);
    assert.deepEqual(diffCrd(before, crd(base)), []);
  });
});

describe('describeBreakingChanges', () => {
  it('names the CRD, each change with its count, and how many stored objects are affected', () => {
    const [size, type] = diffCrd(
      crd(replicas('string')),
      crd({ required: ['size'], properties: { replicas: { type: 'integer' }, size: { type: 'string' } } }),
    );
    const text = describeBreakingChanges({
      crd: 'widgets.example.com',
      plural: 'widgets',
      total: 5,
      affected: 4,
      changes: [
        { change: type!, affected: 2 },
        { change: size!, affected: 3 },
      ],
    });
    assert.equal(
      text,
      [
        'CRD widgets.example.com: 2 breaking changes, 4 of 5 stored widgets affected',
        '  versions[v1].spec.replicas: type string → integer (2 of 5 stored widgets affected)',
        '  versions[v1].spec.size: required (new, no default) (3 of 5 stored widgets affected)',
      ].join('\n'),
    );
  });
});
