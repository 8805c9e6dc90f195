import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, waitLive, watchErrors } from '../support/browser';

const ADDRESS = '{ name: "Alice", line1: "1-2-3 Jingumae", city: "Shibuya", postalCode: "150-0001", country: "JP" }';

describe('CMS orders and sales report in chromium (sam)', () => {
  let server: TestServer;
  let browser: Browser;
  let cms: Page;
  let errors: string[];
  let alice: string;
  const ids: Record<'mugs' | 'declined' | 'furoshiki' | 'sencha', string> = { mugs: '', declined: '', furoshiki: '', sencha: '' };
  const today = new Date().toISOString().slice(0, 10);

  async function place(key: string, sku: string, quantity: number, card: string): Promise<string> {
    const r = await server.gql<{ placeOrder: { id: string } }>(
      `mutation { placeOrder(input: { idempotencyKey: "${key}", lines: [{ sku: "${sku}", quantity: ${quantity} }],
        paymentMethodId: "${card}", shippingAddress: ${ADDRESS} }) { id } }`,
      {},
      alice,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.placeOrder.id;
  }

  async function settled(id: string, status: string): Promise<void> {
    for (const end = Date.now() + 15_000; ; ) {
      const r = await server.gql<{ order: { status: string } }>(`{ order(id: "${id}") { status } }`, {}, alice);
      if (r.data?.order.status === status) return;
      if (Date.now() > end) throw new Error(`order ${id} is ${r.data?.order.status}, not ${status}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  const row = (id: string) => cms.locator(`tr[data-order-id="${id}"]`);
  const rowStatus = (id: string) => row(id).locator('.pill').getAttribute('data-status');
  const listed = () => cms.locator('tr[data-order-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id')));

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST });
    browser = await launchBrowser();
    cms = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    errors = watchErrors(cms);
    cms.on('dialog', (d) => void d.accept());
    alice = await server.token('alice');
    ids.mugs = await place('cms-test-mugs-1', 'MUG-ARITA', 2, 'pm_card_visa');
    ids.declined = await place('cms-test-declined-1', 'TENUGUI-WAVE', 1, 'pm_card_chargeDeclined');
    await settled(ids.mugs, 'FULFILLING');
    await settled(ids.declined, 'FAILED');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists every order and filters by status', async () => {
    await signInAs(cms, server.url, 'sam');
    await cms.click('nav.tabs a:has-text("注文")');
    await cms.waitForURL('**/cms/orders');
    await row(ids.mugs).waitFor();
    expect(await listed()).toEqual([ids.declined, ids.mugs]);
    expect(await rowStatus(ids.mugs)).toBe('FULFILLING');
    expect(await rowStatus(ids.declined)).toBe('FAILED');

    await cms.selectOption('.toolbar select', 'FAILED');
    await expect.poll(listed).toEqual([ids.declined]);
    await cms.selectOption('.toolbar select', 'REFUNDED');
    await cms.locator('.empty').waitFor();
    await cms.selectOption('.toolbar select', '');
    await expect.poll(listed).toEqual([ids.declined, ids.mugs]);
  });

  it('a new order appears at the top and moves on live', async () => {
    await waitLive(cms);
    await cms.waitForSelector('[data-live="Connected"]:not([data-acks="0"])');
    ids.furoshiki = await place('cms-test-furoshiki-1', 'FUROSHIKI-SAKURA', 1, 'pm_card_visa');
    await expect.poll(listed).toEqual([ids.furoshiki, ids.declined, ids.mugs]);
    await expect.poll(() => rowStatus(ids.furoshiki)).toBe('FULFILLING');
  });

  it("shows an order's timeline and the checkout workflow's state history", async () => {
    await row(ids.mugs).click();
    const detail = cms.locator('.order-detail');
    const run = detail.locator('.execution');
    await run.waitFor();
    expect(await run.locator('[data-testid="execution-status"]').textContent()).toBe('SUCCEEDED');
    expect(await run.textContent()).toContain('checkout');
    const entered = await run.locator('tr[data-type="StateEntered"] [data-testid="state"]').allTextContents();
    expect(entered.slice(0, 4)).toEqual(['ReserveStock', 'AuthorizePayment', 'ConfirmOrder', 'Fulfil']);
    expect(entered).toEqual(expect.arrayContaining(['CreateShipment', 'GrantEntitlements', 'SendConfirmation']));
    expect(await detail.locator('.timeline li[data-type="OrderConfirmed"]').count()).toBe(1);

    // The declined order's history ends where the payment was refused.
    await row(ids.mugs).click();
    await row(ids.declined).click();
    const failed = cms.locator('.order-detail .execution');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('AuthorizePayment');
    expect(await failed.locator('tr[data-type="StateEntered"] [data-testid="state"]').allTextContents()).not.toContain('ConfirmOrder');
    expect(await cms.locator('.order-detail').textContent()).toContain('PAYMENT_DECLINED');
    expect(await cms.locator('.order-detail button:has-text("返金")').count()).toBe(0);
    await cms.screenshot({ path: '/tmp/marquee-cms-orders.png', fullPage: true });
  });

  it("the sales report shows today's confirmed orders in totals, chart and table, and a new sale live", async () => {
    await cms.click('nav.tabs a:has-text("売上")');
    await cms.waitForURL('**/cms/sales');
    const totals = cms.locator('[data-testid="sales-totals"]');
    await totals.waitFor();
    expect(await cms.inputValue('input[name="to"]')).toBe(today);
    // Two paid orders (the declined one is not a sale): 2 mugs + 1 furoshiki.
    expect(await totals.locator('[data-total="orders"] dd').textContent()).toBe('2');
    expect(await totals.locator('[data-total="units"] dd').textContent()).toBe('3');
    expect(await totals.locator('[data-total="revenue"] dd').textContent()).toBe('￥10,400');
    expect(await cms.locator('.sales-chart rect.bar').count()).toBe(14);
    expect(await cms.locator(`.sales-chart rect.bar[data-date="${today}"]`).getAttribute('data-value')).toBe('10400');
    expect(await cms.locator(`table.sales-days tr[data-date="${today}"]`).textContent()).toContain('￥10,400');

    // A new sale shows up without reloading the page.
    await cms.waitForSelector('[data-live="Connected"]:not([data-acks="0"])');
    await cms.waitForTimeout(300);
    ids.sencha = await place('cms-test-sencha-1', 'TEA-SENCHA-100', 3, 'pm_card_visa');
    await expect.poll(() => totals.locator('[data-total="revenue"] dd').textContent()).toBe('￥14,000');
    expect(await totals.locator('[data-total="orders"] dd').textContent()).toBe('3');

    await cms.selectOption('select[name="metric"]', 'units');
    await expect.poll(() => cms.locator(`.sales-chart rect.bar[data-date="${today}"]`).getAttribute('data-value')).toBe('6');
    await cms.screenshot({ path: '/tmp/marquee-sales.png', fullPage: true });

    // A range that ends before it starts is explained next to the field and not sent.
    await cms.fill('input[name="to"]', '2020-01-01');
    expect(await cms.locator('[data-field="to"] .field-error').textContent()).toContain('終了日が開始日より前');
    expect(await cms.locator('.sales-chart').count()).toBe(0);
    await cms.fill('input[name="to"]', today);
    await totals.waitFor();
  });

  it('sam refunds one order and cancels another; the report no longer counts them', async () => {
    await cms.click('nav.tabs a:has-text("注文")');
    await row(ids.mugs).waitFor();
    await row(ids.mugs).click();
    await cms.click('.order-detail button:has-text("返金")');
    await expect.poll(() => rowStatus(ids.mugs)).toBe('REFUNDED');
    const detail = cms.locator('.order-detail');
    await detail.locator('.timeline li[data-type="OrderRefunded"]').waitFor();
    await detail.locator('.timeline li[data-type="PaymentRefunded"]').waitFor();
    expect(await detail.locator('button:has-text("返金")').count()).toBe(0);

    await row(ids.furoshiki).click();
    await cms.click('.order-detail button:has-text("キャンセル")');
    await expect.poll(() => rowStatus(ids.furoshiki)).toBe('CANCELLED');

    await cms.selectOption('.toolbar select', 'REFUNDED');
    await expect.poll(listed).toEqual([ids.mugs]);

    await cms.click('nav.tabs a:has-text("売上")');
    const totals = cms.locator('[data-testid="sales-totals"]');
    await totals.waitFor();
    expect(await totals.locator('[data-total="orders"] dd').textContent()).toBe('1');
    expect(await totals.locator('[data-total="units"] dd').textContent()).toBe('3');
    expect(await totals.locator('[data-total="revenue"] dd').textContent()).toBe('￥3,600');
  });

  it('pages through more than 50 orders with "load more"', async () => {
    const started = Date.now();
    for (let batch = 0; batch < 6; batch++)
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => place(`cms-test-course-${batch}-${i}`, 'COURSE-WAGASHI', 1, 'pm_card_visa')),
      );
    // Let every checkout finish first, so no push adds a row while the first page loads.
    const sam = await server.token('sam', ['STAFF']);
    for (;;) {
      const r = await server.gql<{ orders: { items: { status: string }[] } }>('{ orders(limit: 100) { items { status } } }', {}, sam);
      const items = r.data?.orders.items ?? [];
      if (items.length === 52 && !items.some((o) => o.status === 'PLACED')) break;
      if (Date.now() - started > 20_000) throw new Error(`orders not settled: ${JSON.stringify(items.map((o) => o.status))}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    await cms.click('nav.tabs a:has-text("注文")');
    await expect.poll(() => cms.locator('tr[data-order-id]').count()).toBe(50);
    await cms.click('button.more');
    await expect.poll(() => cms.locator('tr[data-order-id]').count()).toBe(52);
    expect((await listed()).slice(-2)).toEqual([ids.declined, ids.mugs]);
    expect(await cms.locator('button.more').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
