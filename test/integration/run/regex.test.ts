/**
 * Regular expressions in `ork run` are Go's (spec §7, §9.3): the box of a Katalog whose conditions use
 * `regex` loads the RE2 engine before its first reconcile, reads Go-only syntax (`(?i)`), and decides a
 * backtracking-shaped pattern on a long CR field at once instead of stalling every operator of the process.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeTestCluster } from '../../harness/cluster.ts';
import { eventually } from '../../harness/eventually.ts';
import { readyOf, startOperator } from './operator-fixture.ts';

after(closeTestCluster);

const WEB = {
  kind: 'Web',
  entry: {
    validation: {
      rules: [
        {
          field: 'spec.image',
          regex: '(?i)^MYORG/',
          message: 'image {{ .spec.image }} is not from myorg/',
          action: 'deny',
        },
      ],
    },
    operatorBox: {
      onReconcile: {
        configMaps: [
          {
            name: '{{ .metadata.name }}-tag',
            data: { tag: 'all a' },
            when: [{ field: 'spec.tag', regex: '^(a+)+$' }],
          },
          {
            name: '{{ .metadata.name }}-config',
            data: { image: '{{ .spec.image }}' },
            when: [{ field: 'spec.tag', operator: 'regex', value: '^(a+)+!$' }],
          },
        ],
      },
    },
  },
};

test(
  'a regex condition reads Go syntax and decides a backtracking-shaped pattern on a long field at once',
  { timeout: 90_000 },
  async (t) => {
    const op = await startOperator(t, { crds: { web: WEB } });
    const web = op.crds['web']!;
    // With a backtracking engine, ^(a+)+$ on this tag never returns and the box never reconciles.
    await web.create('shop', { image: 'MyOrg/nginx:1.27', tag: 'a'.repeat(5_000) + '!' });
    const cm = await eventually(() => op.child('v1 configmaps', 'shop-config'), { what: 'the ConfigMap' });
    assert.deepEqual(cm.data, { image: 'MyOrg/nginx:1.27' });
    await eventually(async () => readyOf(await web.get('shop'))?.status === 'True', { what: 'Ready=True' });
    assert.equal(await op.child('v1 configmaps', 'shop-tag'), undefined);

    await web.create('other', { image: 'docker.io/nginx:1.27', tag: 'a' });
    const ready = await eventually(async () => readyOf(await web.get('other')), {
      what: 'a Ready condition',
    });
    assert.equal(ready.reason, 'ValidationFailed');
  },
);
