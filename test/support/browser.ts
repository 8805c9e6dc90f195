import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_SRC = join(ROOT, 'src/web');
export const WEB_DIST = join(ROOT, 'dist/web');
const LOCK = join(ROOT, 'dist/.web-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const isFresh = () => {
  const index = join(WEB_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestMtime(WEB_SRC);
};

/** Builds dist/web with vite when it is missing or older than src/web (one builder at a time). */
export async function ensureWebBuilt(): Promise<void> {
  if (isFresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a stale lock (crashed builder) is broken after a minute.
      if (waited > 60_000) rmdirSync(LOCK);
      await new Promise((r) => setTimeout(r, 250));
      if (isFresh()) return;
    }
  }
  try {
    if (isFresh()) return;
    const run = spawnSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`vite build failed:\n${run.stdout}\n${run.stderr}`);
  } finally {
    rmdirSync(LOCK);
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Signs in through the sign-in page's one-click demo user button. */
export async function signInAs(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.click(`button.demo-user[data-username="${username}"]`);
  await page.waitForSelector(`[data-testid="signed-in-as"]:text-is("${username}")`);
}

/** Waits until the realtime WebSocket reports Connected (subscriptions can be started). */
export async function waitLive(page: Page): Promise<void> {
  await page.waitForSelector('[data-live="Connected"]', { timeout: 15_000 });
}
