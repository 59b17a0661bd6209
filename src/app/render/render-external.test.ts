/** `ork render` makes no external call: each is `{called: false}`, and a note says the runtime makes them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import { formatRenderReport } from './render-format.ts';
import { renderCustomResources } from './render.ts';

const KATALOG = `apiVersion: orkestra.orkspace.io/v1
kind: Katalog
metadata: {name: unit}
spec:
  crds:
    shop:
      apiTypes: {group: demo.io, version: v1, kind: Shop, plural: shops}
      operatorBox:
        onReconcile:
          external:
            - {name: flags, url: "http://127.0.0.1:9/{{ .metadata.name }}"}
          configMaps:
            - name: "{{ .metadata.name }}"
              data: {called: "{{ .external.flags.called }}"}
`;

describe('ork render and external calls', () => {
  it('renders with every call not made, and says so', async () => {
    const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
    assert.ok(loaded.katalog !== undefined);
    const plans = compileKatalog(loaded.katalog);
    const cr = { apiVersion: 'demo.io/v1', kind: 'Shop', metadata: { name: 'a', namespace: 'web' } };
    const report = await renderCustomResources({ plans, crs: [cr], children: [], now: () => new Date(0) });
    const text = formatRenderReport(report);
    assert.match(text, /note: external calls are made by the runtime, not here: flags \(GET\)/);
    assert.match(text, /called: "false"/);
  });
});
