/**
 * A headless Chromium for the browser tests, driven by playwright-core: Debian's `chromium` (CI
 * installs it, as scripts/setup.sh does), with a fresh profile each launch and nothing that phones
 * home. Fails with the install command when it is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

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
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
