import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import type { DesiredChild, TemplateData } from '../../resources/index.ts';
import type { ChildType, ClusterCache } from './ports.ts';
import { renderWatched } from './render-watched.ts';

function child(apiVersion: string, kind: string, name: string): DesiredChild {
  return {
    manifest: { apiVersion, kind, metadata: { name } },
    hook: 'onReconcile',
    group: 'custom',
    entry: `onReconcile.custom[0]`,
    mode: 'enforce',
    forceConflicts: true,
  };
}

/** A cache that watches ConfigMaps already and starts watching any other type when asked. */
function cache(): ClusterCache & { asked: ChildType[][] } {
  const watched = new Set(['v1|ConfigMap']);
  const asked: ChildType[][] = [];
  return {
    asked,
    customResource: () => undefined,
    child: () => undefined,
    childrenOf: () => [],
    secret: () => undefined,
    watchTypes: (types) => {
      asked.push([...types]);
      const fresh = types.filter((t) => !watched.has(`${t.apiVersion}|${t.kind}`));
      for (const t of fresh) watched.add(`${t.apiVersion}|${t.kind}`);
      return Promise.resolve(fresh.length > 0);
    },
  };
}

const cr: KubeObject = { apiVersion: 'demo.io/v1', kind: 'Site', metadata: { name: 'a', namespace: 'ns' } };

describe('renderWatched', () => {
  it('renders once when every rendered type is watched already, asking for each type once', async () => {
    const c = cache();
    const renders: TemplateData[] = [];
    const data = { first: true };
    const desired = await renderWatched(
      {
        cr,
        data,
        render: (d) => {
          renders.push(d);
          return [child('v1', 'ConfigMap', 'x'), child('v1', 'ConfigMap', 'y')];
        },
      },
      { cache: c, dataOf: () => ({ rebuilt: true }) },
    );
    assert.equal(desired.length, 2);
    assert.deepEqual(renders, [data]);
    assert.deepEqual(c.asked, [[{ apiVersion: 'v1', kind: 'ConfigMap' }]]);
  });

  it('renders again from rebuilt data when a rendered type was not watched before', async () => {
    const c = cache();
    const renders: TemplateData[] = [];
    const render = (d: TemplateData) => {
      renders.push(d);
      return [child('v1', 'ConfigMap', 'x'), child('example.io/v1', 'Widget', `w${renders.length}`)];
    };
    const desired = await renderWatched(
      { cr, render },
      { cache: c, dataOf: () => ({ rebuilt: renders.length }) },
    );
    assert.deepEqual(renders, [{ rebuilt: 0 }, { rebuilt: 1 }]);
    assert.equal(desired[1]?.manifest.metadata?.name, 'w2', 'the second render is the one used');
  });
});
