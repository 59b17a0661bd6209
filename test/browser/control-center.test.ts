/**
 * The Control Center in a real browser (Debian's Chromium through playwright-core) against `ork run`
 * of examples/04 (three operators, the Queue one broken on purpose) on the dev control plane:
 * the overview, live CRs without a reload, a deleted child's drift and its recreation, the render
 * preview, the bind rule, keyboard use and the dark theme. Writes the screenshots of docs/images/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../harness/browser.ts';
import { closeTestCluster, testCluster } from '../harness/cluster.ts';
import { eventually } from '../harness/eventually.ts';
import { createNamespace, ensureBuilt, ROOT, startOrk, type OrkProcess } from '../e2e/ork-process.ts';
import { startControl, type ControlProcess } from './control-process.ts';

const API = '/apis/platform.demo.orkestra.io/v1alpha1';
const IMAGES = join(ROOT, 'docs', 'images');

let ns = '';
let ork: OrkProcess;
let control: ControlProcess;
let browser: TestBrowser;
let page: Page;

before(async () => {
  ensureBuilt();
  ns = await createNamespace(testCluster(), 'control-center');
  ork = await startOrk(['-k', 'examples/04-many-crds/katalog.yaml', '--dev', '-n', ns]);
  await eventually(async () => (await ork.http('/ready')).status === 200, {
    what: '/ready',
    timeoutMs: 60_000,
  });
  control = await startControl(['--runtime', `http://127.0.0.1:${ork.port}`]);
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

after(async () => {
  await browser.close();
  control.stop();
  const client = testCluster();
  for (const plural of ['websites', 'caches', 'queues']) {
    const list = await client.get<{ items: { metadata: { name: string } }[] }>(
      `${API}/namespaces/${ns}/${plural}`,
    );
    for (const item of list.body.items)
      await client.send(
        'PATCH',
        `${API}/namespaces/${ns}/${plural}/${item.metadata.name}`,
        { metadata: { finalizers: null } },
        'application/merge-patch+json',
      );
  }
  ork.child.kill('SIGKILL');
  await client.delete(`/api/v1/namespaces/${ns}`);
  closeTestCluster();
});

test('the overview shows every operator, the failing Queue one degraded', { timeout: 90_000 }, async () => {
  await page.goto(`${control.url}/`);
  const row = (crd: string) => page.locator(`tr[data-crd="${crd}"]`);
  for (const crd of ['website', 'cache', 'queue']) await row(crd).waitFor();
  await row('queue').locator('.health-degraded').waitFor({ timeout: 60_000 });
  assert.match((await row('queue').textContent()) ?? '', /division by zero/);
  for (const crd of ['website', 'cache'])
    assert.equal(await row(crd).locator('.health-healthy').count(), 1, crd);
  await page.locator('tr[data-crd] polyline').first().waitFor({ state: 'attached', timeout: 20_000 });
  await page.screenshot({ path: join(IMAGES, 'control-overview.png'), fullPage: true });
});

test('the overview is readable without JavaScript', async () => {
  const html = await (await fetch(`${control.url}/`)).text();
  for (const kind of ['Website', 'Cache', 'Queue']) assert.match(html, new RegExp(`>${kind}</a>`));
  assert.match(html, /health-degraded|health-healthy/);
});

test('a CR applied appears within 2 s without a reload', { timeout: 30_000 }, async () => {
  await page.goto(`${control.url}/#/r/0/op/website`);
  await page.locator('tr[data-cr]').first().waitFor();
  await page.evaluate('window.marker = true');
  const website = {
    apiVersion: 'platform.demo.orkestra.io/v1alpha1',
    kind: 'Website',
    metadata: { name: 'shop', namespace: ns },
    spec: { image: 'nginx:1.27', replicas: 1 },
  };
  await testCluster().create(`${API}/namespaces/${ns}/websites`, website);
  const created = Date.now();
  await page.locator(`tr[data-cr="${ns}/shop"]`).waitFor({ timeout: 2000 });
  assert.ok(Date.now() - created <= 2000);
  assert.equal(await page.evaluate('window.marker === true'), true, 'no reload');
});

/** Records each state a child's row shows as the page changes, into `window.seen` (code run in the page). */
const RECORD_STATES = `(() => {
  const seen = [];
  window.seen = seen;
  const note = () => {
    const el = document.querySelector(SELECTOR);
    const state = el === null ? 'absent' : (el.getAttribute('data-state') ?? '') + (el.querySelector('.health-drift') ? '+drift' : '');
    if (seen.at(-1) !== state) seen.push(state);
  };
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
  note();
})()`;

async function recordStates(child: string): Promise<void> {
  await page.evaluate(RECORD_STATES.replace('SELECTOR', JSON.stringify(`li[data-child="${child}"]`)));
}

test('deleting a child shows its drift, then the recreated child', { timeout: 60_000 }, async () => {
  await page.goto(`${control.url}/#/r/0/cr/website/${ns}/storefront`);
  const deployment = page.locator('li[data-child="Deployment/storefront"]');
  await deployment.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(IMAGES, 'control-cr.png'), fullPage: true });
  await recordStates('Deployment/storefront');
  const path = `/apis/apps/v1/namespaces/${ns}/deployments/storefront`;
  const uid = async () => (await testCluster().get<{ metadata?: { uid?: string } }>(path)).body.metadata?.uid;
  const before = await uid();
  await testCluster().delete(path);
  const seen = () => page.evaluate<string[]>('window.seen');
  await eventually(async () => (await seen()).some((s) => s.startsWith('missing') || s.includes('drift')), {
    what: 'drift shown',
    timeoutMs: 20_000,
  });
  await eventually(async () => /^(ready|progressing)/.test((await seen()).at(-1) ?? ''), {
    what: 'the recreated child',
    timeoutMs: 30_000,
  });
  const after = await uid();
  assert.ok(after !== undefined && after !== before, 'the Deployment was recreated');
});

test('the render preview shows the change a spec edit would make', { timeout: 30_000 }, async () => {
  await page.goto(`${control.url}/#/r/0/render/website/${ns}/storefront`);
  const editor = page.getByLabel('Spec (JSON)');
  await editor.waitFor();
  const spec = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
  await editor.fill(JSON.stringify({ ...spec, replicas: 5 }, null, 2));
  await page.getByRole('button', { name: 'Render' }).click();
  const change = page.locator('li[data-action="update"]', { hasText: 'Deployment/storefront' });
  await change.waitFor({ timeout: 10_000 });
  assert.match((await change.locator('pre.diff').textContent()) ?? '', /replicas/);
});

test('a non-localhost bind without a token is refused', () => {
  const run = spawnSync(
    join(ROOT, 'bin', 'ork.js'),
    ['control', 'start', '--host', '0.0.0.0', '--port', '0'],
    {
      encoding: 'utf8',
      env: { ...process.env, ORK_CONTROL_TOKEN: '' },
      timeout: 20_000,
    },
  );
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /refusing to listen on 0\.0\.0\.0 without a token/);
});

test('keyboard only: Tab reaches an operator, Enter opens it, and the theme toggle turns the page dark', async () => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${control.url}/#/`);
  await page.locator('tr[data-crd="website"] a').waitFor();
  // in-page expressions as strings: the tests are typed for Node, without the DOM's types
  const focusedHref = () => page.evaluate<string>("document.activeElement?.getAttribute('href') ?? ''");
  let href = '';
  for (let i = 0; i < 40 && !href.endsWith('/op/website'); i++) {
    await page.keyboard.press('Tab');
    href = await focusedHref();
  }
  assert.match(href, /#\/r\/0\/op\/website$/, 'Tab reaches the Website operator');
  await page.keyboard.press('Enter');
  await page.waitForURL(/#\/r\/0\/op\/website$/);

  const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  const light = await background();
  await page.locator('button.theme').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  assert.notEqual(await background(), light, 'the dark theme changes the page');
  await page.keyboard.press('Enter');
  assert.equal(await background(), light, 'and back');
});

test('hidden tabs give up their live streams, so more than six tabs of one browser all load', async () => {
  // Chromium opens at most six HTTP/1.1 connections to a host: seven tabs each holding a stream would
  // leave the next one waiting forever
  const hide =
    "Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });" +
    "document.dispatchEvent(new Event('visibilitychange'))";
  await page.evaluate(hide);
  const tabs: Page[] = [];
  try {
    for (let i = 0; i < 8; i++) {
      const tab = await browser.context.newPage();
      tabs.push(tab);
      await tab.goto(`${control.url}/#/r/0/op/website`, { timeout: 10_000 });
      await tab.locator('a[href*="/cr/website/"]').first().waitFor({ timeout: 10_000 });
      await tab.evaluate(hide);
    }
  } finally {
    for (const tab of tabs) await tab.close();
  }
});
