import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import {
  CHILD_TYPES_ANNOTATION,
  childTypesPatch,
  recordedChildTypes,
  typesOfObjects,
} from './child-types.ts';

const cr = (value?: string): KubeObject => ({
  metadata: {
    name: 'a',
    ...(value === undefined ? {} : { annotations: { [CHILD_TYPES_ANNOTATION]: value } }),
  },
});

describe('the child types recorded on a CR', () => {
  it('reads each Kind.apiVersion back, groups with dots and slashes included', () => {
    assert.deepEqual(recordedChildTypes(cr('Deployment.apps/v1,Widget.example.io/v1beta1,ConfigMap.v1')), [
      { kind: 'Deployment', apiVersion: 'apps/v1' },
      { kind: 'Widget', apiVersion: 'example.io/v1beta1' },
      { kind: 'ConfigMap', apiVersion: 'v1' },
    ]);
    assert.deepEqual(recordedChildTypes(cr()), []);
    assert.deepEqual(recordedChildTypes(cr('')), []);
  });

  it('asks for a write only when the set changes, whatever the order and repeats', () => {
    const types = typesOfObjects([
      { apiVersion: 'v1', kind: 'Service' },
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'v1', kind: 'Service' },
    ]);
    assert.deepEqual(childTypesPatch(cr(), types), {
      [CHILD_TYPES_ANNOTATION]: 'Deployment.apps/v1,Service.v1',
    });
    assert.equal(childTypesPatch(cr('Deployment.apps/v1,Service.v1'), [...types].reverse()), undefined);
    assert.deepEqual(childTypesPatch(cr('Deployment.apps/v1,Service.v1'), []), {
      [CHILD_TYPES_ANNOTATION]: '',
    });
    assert.equal(childTypesPatch(cr(), []), undefined);
  });
});
