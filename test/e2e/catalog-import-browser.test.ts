import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, watchErrors } from '../support/browser';

const CSV = [
  'sku,title,description,price,currency,category,kind,images,grantsVideoIds,stock,published',
  'IMPORT-BOWL,"Bowl, ""raku""",Hand made,3400,JPY,Kitchen,PHYSICAL,/demo/mug.svg,,9,true',
  'IMPORT-NOKIND,No kind,,100,JPY,,,,,,',
  'IMPORT-NEG,Negative stock,,100,JPY,,PHYSICAL,,,-2,',
].join('\n');

describe('CMS catalog import in chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let cms: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST, MARQUEE_SEED: 'off' });
    browser = await launchBrowser();
    cms = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    errors = watchErrors(cms);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sam picks a CSV, sees the upload progress, the counts and the per-row errors; the product appears', async () => {
    await signInAs(cms, server.url, 'sam');
    await cms.waitForURL('**/cms/products');
    await cms.click('button:has-text("インポート…")');
    const panel = cms.locator('section.catalog-import');
    await panel.waitFor();
    // Remember every progress value the bar shows (the loopback upload is quick).
    await cms.evaluate(() => {
      const seen: number[] = ((window as unknown as { __progress: number[] }).__progress = []);
      new MutationObserver(() => {
        const bar = document.querySelector('.catalog-import [role="progressbar"]');
        if (bar) seen.push(Number(bar.getAttribute('aria-valuenow')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await panel.locator('input[type="file"]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

    const summary = panel.locator('[data-testid="import-summary"]');
    await summary.waitFor();
    expect(await summary.textContent()).toBe('作成 1 · 更新 0 · 変更なし 0 · 失敗 2');
    const rows = panel.locator('table.import-errors tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      '3',
      'IMPORT-NOKIND is a new product: it needs title, price, currency and kind',
    ]);
    expect(await rows.nth(1).locator('td').first().textContent()).toBe('4');
    expect(await rows.nth(1).locator('td').nth(1).textContent()).toMatch(/stock must be a whole number/);
    expect((await cms.evaluate(() => (window as unknown as { __progress: number[] }).__progress)).length).toBeGreaterThan(0);

    const row = cms.locator('tr[data-sku="IMPORT-BOWL"]');
    await row.waitFor();
    await expect.poll(() => row.locator('[data-testid="available"]').textContent()).toBe('9');

    // The same file again: nothing changes.
    await panel.locator('input[type="file"]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => summary.textContent()).toBe('作成 0 · 更新 0 · 変更なし 1 · 失敗 2');

    // A file that is not CSV / JSON lines is refused before anything is uploaded.
    await panel.locator('input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await expect.poll(() => panel.locator('[role="alert"]').textContent()).toContain('.csv');
    await cms.screenshot({ path: '/tmp/marquee-import.png', fullPage: true });
    expect(errors).toEqual([]);
  });
});
