import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, waitLive, watchErrors } from '../support/browser';

const SKU = 'FUROSHIKI-SAKURA'; // seeded with 8 in stock

/** Every data-status the order page shows, in order, recorded in the page (so nothing between polls is missed). */
async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __statuses: string[]; __sameDocument: boolean };
    w.__statuses = [];
    w.__sameDocument = true;
    const note = () => {
      const s = document.querySelector('section.order')?.getAttribute('data-status');
      if (s && w.__statuses[w.__statuses.length - 1] !== s) w.__statuses.push(s);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
    note();
  });
}

const statuses = (page: Page) => page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);

describe('checkout in chromium: cart -> checkout -> live order page', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const orderIds: string[] = [];
  const orderReads: string[] = [];
  const pushed: { id: string; status: string }[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    // A slow gateway makes PLACED visible before the payment answer arrives.
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST, MARQUEE_TEST_PAYMENT_DELAY_MS: '1200' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    errors = watchErrors(page);
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        const text = String(payload);
        if (!text.includes('onOrderUpdated')) return;
        const order = (JSON.parse(text) as { payload?: { data?: { onOrderUpdated?: { id: string; status: string } } } })
          .payload?.data?.onOrderUpdated;
        if (order) pushed.push({ id: order.id, status: order.status });
      }),
    );
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.postData()?.includes('query Order(')) orderReads.push(r.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Adds `quantity` units from the product page, goes through the cart to checkout and submits with `card`. */
  async function checkout(card: string, quantity: number, address?: Record<string, string>): Promise<string> {
    await page.goto(`${server.url}/product/${SKU}`);
    const add = page.locator('.product-page button.primary');
    for (let i = 0; i < quantity; i++) await add.click();
    await expect.poll(() => page.locator('[data-testid="cart-count"]').textContent()).toBe(String(quantity));
    await page.click('nav a:has-text("カート")');
    await page.click('.cart a.button.primary');
    await page.waitForSelector('.checkout form');
    if (address) {
      // The form explains what is missing before anything is sent.
      await page.click('button[type="submit"]');
      expect(await page.locator('[data-field="name"] .field-error').textContent()).toBe('必須項目です');
      expect(await page.locator('[data-field="line1"] .field-error').textContent()).toBe('必須項目です');
      expect(page.url()).toMatch(/\/checkout$/);
      for (const [name, value] of Object.entries(address)) await page.fill(`input[name="${name}"]`, value);
    }
    await page.check(`input[name="card"][value="${card}"]`);
    await recordStatuses(page);
    await page.click('button[type="submit"]');
    await page.waitForURL('**/orders/*');
    await page.waitForSelector('section.order');
    return (await page.locator('section.order').getAttribute('data-order-id'))!;
  }

  /** The statuses onOrderUpdated pushed for an order once it left PLACED (repeats of one status collapsed). */
  const pushedAfterPlaced = (id: string) =>
    pushed
      .filter((p) => p.id === id && p.status !== 'PLACED')
      .map((p) => p.status)
      .filter((status, i, all) => all[i - 1] !== status);

  const stockOnProductPage = async () => {
    await page.goto(`${server.url}/product/${SKU}`);
    return page.locator('.product-page .stock').getAttribute('data-stock');
  };

  it('alice pays with pm_card_visa; the order page moves to CONFIRMED and FULFILLING live', async () => {
    await signInAs(page, server.url, 'alice');
    expect(await stockOnProductPage()).toBe('8');
    const id = await checkout('pm_card_visa', 1, {
      name: '山田 アリス',
      postalCode: '150-0001',
      region: '東京都',
      city: '渋谷区',
      line1: '神宮前1-2-3',
    });
    orderIds.push(id);
    await waitLive(page);
    // Once onOrderUpdated is acknowledged the page re-reads the order (closing the gap between read and subscribe).
    await expect.poll(() => orderReads.length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => statuses(page), { timeout: 15_000 }).toContain('FULFILLING');
    // Seen in this order, in the same document: PLACED first, then the live pushes.
    // CONFIRMED and FULFILLING are pushed a few ms apart, so React may paint them in one frame:
    // the page shows PLACED, then (maybe) CONFIRMED, then FULFILLING, and both pushes came over the socket.
    expect((await statuses(page)).join(' ')).toMatch(/^PLACED (CONFIRMED )?FULFILLING$/);
    expect(pushedAfterPlaced(id)).toEqual(['CONFIRMED', 'FULFILLING']);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await page.locator('ol.steps li[aria-current="step"]').textContent()).toBe('準備中');
    expect(await page.locator('section.order address').textContent()).toContain('神宮前1-2-3');
    expect(await page.locator('section.order .timeline li[data-type="OrderConfirmed"] strong').textContent()).toBe('ご注文が確定しました');
    expect(await page.locator('[data-testid="cart-count"]').textContent()).toBe('0');
    await page.screenshot({ path: '/tmp/marquee-order.png', fullPage: true });
  });

  it('a declined card ends FAILED with a readable reason, and the reserved stock comes back', async () => {
    expect(await stockOnProductPage()).toBe('7');
    // The address from the last order is remembered.
    const id = await checkout('pm_card_chargeDeclined', 2);
    orderIds.push(id);
    await expect.poll(() => statuses(page), { timeout: 15_000 }).toContain('FAILED');
    expect(await statuses(page)).toEqual(['PLACED', 'FAILED']);
    expect(pushedAfterPlaced(id)).toEqual(['FAILED']);
    const alert = page.locator('section.order .error[role="alert"]');
    expect(await alert.textContent()).toContain('カードが拒否されました');
    expect(await page.locator('section.order ol.steps').count()).toBe(0);
    expect(await page.locator('section.order .timeline li[data-type="StockReserved"] strong').textContent()).toBe('商品を確保しました');
    expect(await page.locator('section.order .timeline li[data-type="PaymentDeclined"] strong').textContent()).toBe('お支払いが拒否されました');
    await page.screenshot({ path: '/tmp/marquee-order-failed.png', fullPage: true });
    await expect.poll(stockOnProductPage).toBe('7');
  });

  it('My orders lists both, newest first, with their statuses', async () => {
    await page.click('nav a:has-text("注文履歴")');
    await page.waitForSelector('.order-list li');
    expect(await page.locator('.order-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id')))).toEqual([
      orderIds[1],
      orderIds[0],
    ]);
    expect(await page.locator(`.order-list li[data-order-id="${orderIds[0]}"] .pill`).getAttribute('data-status')).toBe('FULFILLING');
    expect(await page.locator(`.order-list li[data-order-id="${orderIds[1]}"] .pill`).getAttribute('data-status')).toBe('FAILED');
    await page.click(`.order-list li[data-order-id="${orderIds[0]}"] a`);
    await page.waitForSelector(`section.order[data-order-id="${orderIds[0]}"]`);
    expect(errors).toEqual([]);
  });
});
