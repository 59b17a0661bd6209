import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../kube/index.ts';
import { compileKatalog, loadKatalog } from '../../katalog/index.ts';
import { randomKeys } from '../../runtime/index.ts';
import { resolveTlsSecrets } from '../../runtime/reconcile/tls-secrets.ts';
import type { DesiredChild } from '../../resources/index.ts';
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
          secrets:
            - name: "{{ .metadata.name }}-tls"
              tls: {commonName: "{{ .metadata.name }}.web.svc", dnsNames: ["{{ .metadata.name }}"], validFor: 30d}
`;

const now = () => new Date('2026-01-02T03:04:05Z');
const shop: KubeObject = {
  apiVersion: 'demo.io/v1',
  kind: 'Shop',
  metadata: { name: 'a', namespace: 'web' },
};

async function render(children: KubeObject[] = []) {
  const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
  assert.ok(loaded.katalog !== undefined);
  const plans = compileKatalog(loaded.katalog);
  return renderCustomResources({ plans, crs: [shop], children, now });
}

/** The Secret as the runtime would have made it: the rendered one with a key and certificate. */
function madeByRuntime(rendered: KubeObject): KubeObject {
  const child: DesiredChild = {
    manifest: rendered,
    hook: 'onReconcile',
    group: 'secrets',
    entry: 'onReconcile.secrets[0]',
    mode: 'enforce',
    forceConflicts: true,
    secret: { once: false, tls: { commonName: 'a.web.svc', dnsNames: ['a'], validForMs: 30 * 86_400_000 } },
  };
  const cache = {
    customResource: () => undefined,
    child: () => undefined,
    childrenOf: () => [],
    secret: () => undefined,
    watchTypes: () => Promise.resolve(false),
  };
  const events = { normal: () => undefined, warning: () => undefined };
  const context = { cr: shop, cache, events, now, keys: randomKeys, issued: new Map() };
  return resolveTlsSecrets([child], context).children[0]!.manifest;
}

describe('ork render of a tls Secret', () => {
  it('shows the Secret without key material and a note saying what the runtime makes, the same on every run', async () => {
    const report = await render();
    const [child] = report.results[0]?.recorded?.children ?? [];
    assert.equal(child?.action, 'create');
    assert.equal(child.object['type'], 'kubernetes.io/tls');
    assert.deepEqual(child.object['data'], {});
    const text = formatRenderReport(report);
    assert.match(
      text,
      /# note: Secret web\/a-tls: tls\.crt, tls\.key and ca\.crt are made by the runtime, not here: a new ECDSA P-256 key and a certificate for CN=a\.web\.svc \(DNS: a\), self-signed, valid for 30d \(new Secret\)/,
    );
    assert.equal(formatRenderReport(await render()), text);
  });

  it('leaves a live Secret the runtime made alone, and says it would renew one that is due', async () => {
    const rendered = (await render()).results[0]?.recorded?.children[0]?.object;
    assert.ok(rendered !== undefined);
    const live = madeByRuntime(rendered);
    const report = await render([live]);
    const [child] = report.results[0]?.recorded?.children ?? [];
    assert.equal(child?.action, 'unchanged');
    assert.deepEqual(report.results[0]?.recorded?.notes, []);

    const later = () => new Date(now().getTime() + 25 * 86_400_000);
    const loaded = await loadKatalog(['k.yaml'], { readFile: () => Promise.resolve(KATALOG) });
    const plans = compileKatalog(loaded.katalog!);
    const due = await renderCustomResources({
      plans,
      crs: [shop],
      children: [live],
      now: later,
    });
    assert.match(
      due.results[0]?.recorded?.notes[0] ?? '',
      /\(renewal, it expires 2026-02-01T03:04:05\.000Z\)/,
    );
  });
});
