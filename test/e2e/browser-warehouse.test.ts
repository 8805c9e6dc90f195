import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, watchErrors } from '../support/browser';

const address = { name: '山田 花子', line1: '1-2-3 神南', city: '渋谷区', region: '東京都', postalCode: '150-0041', country: 'JP' };

describe('warehouse console in chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1100, height: 850 } })).newPage();
    errors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('wendy sees an empty queue, then a new instruction arrives live and highlighted', async () => {
    await signInAs(page, server.url, 'wendy');
    await page.waitForURL('**/warehouse');
    await page.waitForSelector('.empty');
    expect(await page.locator('.empty').textContent()).toContain('出荷する物はありません');
    await page.waitForSelector('[data-live="Connected"]:not([data-acks="0"])', { timeout: 15_000 }).catch(async (e) => {
      console.log(await page.locator('.live').evaluate((el) => el.outerHTML), errors);
      throw e;
    });

    // What checkout's CreateShipment task does for a confirmed order.
    await server.services.fulfilment.createShipment({
      shipmentId: 'shp-e2e-1',
      orderId: 'ord-e2e-1',
      customerId: 'cust-e2e',
      address,
      lines: [
        { sku: 'MUG-ARITA', title: '有田焼 マグカップ', quantity: 2 },
        { sku: 'TEA-SENCHA-100', title: '静岡煎茶 100g', quantity: 1 },
      ],
    });
    const card = page.locator('.shipment[data-shipment-id="shp-e2e-1"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('class')).toContain('fresh');
    expect(await card.getAttribute('data-status')).toBe('INSTRUCTED');
    expect(await card.textContent()).toContain('2 × 有田焼 マグカップ');
  });

  it('prints only the packing slip', async () => {
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.locator('.shipment[data-shipment-id="shp-e2e-1"] button:has-text("納品書を印刷")').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-area .packing-slip').isVisible()).toBe(true);
    expect(await page.locator('.print-area .packing-slip').textContent()).toContain('〒150-0041');
    expect(await page.locator('.queue').isVisible()).toBe(false);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    await page.screenshot({ path: '/tmp/marquee-packing-slip.png' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.queue').isVisible()).toBe(true);
  });

  it('acknowledges, then ships with carrier and tracking (tracking required)', async () => {
    const card = page.locator('.shipment[data-shipment-id="shp-e2e-1"]');
    await card.locator('button:has-text("受領する")').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('ACKNOWLEDGED');

    await card.locator('button:has-text("発送済みにする")').click();
    expect(await card.locator('[data-field="trackingNumber"] .field-error').textContent()).toBe('必須項目です');
    await card.locator('select[name="carrier"]').selectOption('Sagawa');
    await card.locator('input[name="trackingNumber"]').fill('SG-4455-6677');
    await page.screenshot({ path: '/tmp/marquee-warehouse.png', fullPage: true });
    await card.locator('button:has-text("発送済みにする")').click();
    await expect.poll(() => card.count()).toBe(0); // left the open queue
    await page.waitForSelector('.empty');

    await page.click('button.tab:has-text("発送済み")');
    const shipped = page.locator('.shipment[data-shipment-id="shp-e2e-1"]');
    await shipped.waitFor();
    expect(await shipped.getAttribute('data-status')).toBe('SHIPPED');
    expect(await shipped.textContent()).toContain('Sagawa SG-4455-6677');
    const view = await server.services.fulfilment.shipment('shp-e2e-1');
    expect(view).toMatchObject({ status: 'SHIPPED', carrier: 'Sagawa', trackingNumber: 'SG-4455-6677' });
    expect(errors).toEqual([]);
  });
});
