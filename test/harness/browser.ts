/**
 * A headless Chromium for the browser tests, driven by playwright-core: Debian's `chromium` (CI
 * installs it, as scripts/setup.sh does), with a fresh profile each launch and nothing that phones
 * home. Fails with the install command when it is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Chromium's flags here: headless without a GPU, and nothing that phones home (the network is closed). */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable (CHROMIUM_PATH, or Debian's). */
export function chromiumPath(): string {
  const path = [process.env['CHROMIUM_PATH'], ...CANDIDATES].find((p) => p !== undefined && existsSync(p));
  if (path === undefined)
    throw new Error(
      'the browser tests need Chromium: apt-get install -y chromium (as root), or set CHROMIUM_PATH',
    );
  return path;
}

/** A running browser; `close()` stops it and removes its profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a temporary profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'ork-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ARGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Browser users: one Chromium, `count` isolated contexts (each its own cookies and connection pool). */
export async function launchUsers(
  count: number,
): Promise<{ contexts: BrowserContext[]; close(): Promise<void> }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
  const contexts: BrowserContext[] = [];
  for (let i = 0; i < count; i++)
    contexts.push(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  return { contexts, close: () => browser.close() };
}
