import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, watchErrors } from '../support/browser';

describe('storefront + CMS in chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let shopperCtx: BrowserContext;
  let staffCtx: BrowserContext;
  let shop: Page;
  let cms: Page;
  let shopErrors: string[];

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST });
    browser = await launchBrowser();
    // Separate contexts: separate localStorage, so the shopper stays anonymous while sam signs in.
    shopperCtx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    staffCtx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    shop = await shopperCtx.newPage();
    cms = await staffCtx.newPage();
    shopErrors = watchErrors(shop);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the seeded catalog with yen prices and live stock labels', async () => {
    await shop.goto(server.url + '/');
    await shop.waitForSelector('.product-card');
    expect(await shop.locator('.product-card').count()).toBe(7);
    const knife = shop.locator('.product-card[data-product-id="KNIFE-SANTOKU"]');
    await expect.poll(() => knife.locator('.stock').textContent()).toBe('残り3点');
    expect(await knife.locator('.price').textContent()).toBe('￥12,800');
    // The catalog's onProductUpdated subscription is acknowledged by the server.
    await shop.waitForSelector('[data-live="Connected"]:not([data-acks="0"])', { timeout: 15_000 });
    await shop.screenshot({ path: '/tmp/marquee-catalog.png', fullPage: true });
  });

  it('filters by search, category and price without a full reload', async () => {
    await shop.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await shop.fill('input.search', '抹茶');
    await expect.poll(() => shop.locator('.product-card').count()).toBe(1);
    await shop.fill('input.search', '');
    await shop.selectOption('select[aria-label="カテゴリー"]', 'Kitchen');
    await expect.poll(() => shop.locator('.product-card').count()).toBe(2);
    await shop.fill('input[aria-label="最高 ¥"]', '5000');
    await expect.poll(() => shop.locator('.product-card .card-title').allTextContents()).toEqual(['有田焼 マグカップ']);
    await shop.goto(server.url + '/');
    await shop.waitForSelector('.product-card');
    await shop.waitForSelector('[data-live="Connected"]:not([data-acks="0"])', { timeout: 15_000 });
  });

  it('sam creates a product (with field errors), restocks and publishes it; the open storefront shows it without reload', async () => {
    await signInAs(cms, server.url, 'sam');
    await cms.waitForURL('**/cms/products');
    await cms.waitForSelector('table.cms-products tbody tr');

    await cms.click('text=新しい商品');
    await cms.click('button:has-text("商品を作成")');
    // Client-side validation, next to the fields.
    expect(await cms.locator('[data-field="title"] .field-error').textContent()).toBe('商品名を入力してください。');
    expect(await cms.locator('[data-field="price"] .field-error').textContent()).toContain('整数');

    // A server-side rejection (duplicate sku) comes back as errorType + message beside the sku field.
    await cms.fill('input[name="sku"]', 'TEA-SENCHA-100');
    await cms.fill('input[name="title"]', '信楽焼 湯呑み');
    await cms.fill('input[name="price"]', '4200');
    await cms.fill('input[name="category"]', 'Kitchen');
    await cms.fill('textarea[name="images"]', '/demo/mug.svg');
    await cms.click('button:has-text("商品を作成")');
    const skuError = cms.locator('[data-field="sku"] .field-error');
    await skuError.waitFor();
    expect(await skuError.textContent()).toMatch(/Conflict.*TEA-SENCHA-100/);

    await shop.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await cms.fill('input[name="sku"]', 'YUNOMI-SHIGARAKI');
    await cms.click('button:has-text("商品を作成")');
    const row = cms.locator('tr[data-sku="YUNOMI-SHIGARAKI"]');
    await row.waitFor();
    expect(await row.locator('[data-testid="publication"]').textContent()).toBe('下書き');

    // Restock with a reason; a bad delta is explained next to the field.
    await row.locator('button:has-text("在庫調整")').click();
    await cms.fill('input[name="delta"]', '-5');
    await cms.fill('input[name="reason"]', 'count correction');
    await cms.click('button:has-text("反映")');
    await cms.locator('[data-field="delta"] .field-error').waitFor();
    expect(await cms.locator('[data-field="delta"] .field-error').textContent()).toContain('ValidationError');
    await cms.fill('input[name="delta"]', '4');
    await cms.fill('input[name="reason"]', 'delivery from Shigaraki');
    await cms.click('button:has-text("反映")');
    await expect.poll(() => row.locator('[data-testid="available"]').textContent()).toBe('4');

    // Drafts never reach the shop.
    expect(await shop.locator('.product-card[data-product-id="YUNOMI-SHIGARAKI"]').count()).toBe(0);

    await row.locator('button:has-text("公開する")').click();
    await expect.poll(() => row.locator('[data-testid="publication"]').textContent()).toBe('公開中');

    const card = shop.locator('.product-card[data-product-id="YUNOMI-SHIGARAKI"]');
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.card-title').textContent()).toBe('信楽焼 湯呑み');
    expect(await card.locator('.price').textContent()).toBe('￥4,200');
    expect(await card.locator('.stock').textContent()).toBe('残り4点');
    // Newest first: the new product leads the grid, and the page was not reloaded.
    expect(await shop.locator('.product-card').first().getAttribute('data-product-id')).toBe('YUNOMI-SHIGARAKI');
    expect(await shop.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await cms.screenshot({ path: '/tmp/marquee-cms.png', fullPage: true });
  });

  it('stock and price changes reach the product page and the catalog live', async () => {
    await shop.click('.product-card[data-product-id="YUNOMI-SHIGARAKI"] .card-title');
    await shop.waitForSelector('.product-page h1');
    await shop.waitForTimeout(500); // let the per-product subscription be acknowledged
    const staff = await server.token('sam', ['STAFF']);
    await server.gql('mutation { adjustStock(sku: "YUNOMI-SHIGARAKI", delta: -3, reason: "damaged") { available } }', {}, staff);
    await expect.poll(() => shop.locator('.product-page .stock').textContent()).toBe('残り1点');
    await server.gql(
      'mutation { updateProduct(id: "YUNOMI-SHIGARAKI", input: { price: { amount: 3900, currency: "JPY" } }) { id } }',
      {},
      staff,
    );
    await expect.poll(() => shop.locator('.product-page .price').textContent()).toBe('￥3,900');

    await shop.click('nav a:has-text("ショップ")');
    const knife = shop.locator('.product-card[data-product-id="KNIFE-SANTOKU"]');
    await knife.waitFor();
    await shop.waitForTimeout(500);
    await server.gql('mutation { adjustStock(sku: "KNIFE-SANTOKU", delta: -3, reason: "sold at the fair") { available } }', {}, staff);
    await expect.poll(() => knife.locator('.stock').textContent()).toBe('在庫切れ');
    expect(await knife.locator('button').isDisabled()).toBe(true);
    expect(shopErrors).toEqual([]);
  });

  it('keeps the cart across reloads, and switches to English', async () => {
    await shop.click('.product-card[data-product-id="TEA-MATCHA-30"] button');
    await shop.click('.product-card[data-product-id="TEA-MATCHA-30"] button');
    await shop.click('.product-card[data-product-id="MUG-ARITA"] button');
    await expect.poll(() => shop.locator('[data-testid="cart-count"]').textContent()).toBe('3');
    await shop.reload();
    await shop.waitForSelector('.product-card');
    expect(await shop.locator('[data-testid="cart-count"]').textContent()).toBe('3');
    await shop.click('nav a:has-text("カート")');
    await shop.waitForSelector('.cart-lines li');
    expect(await shop.locator('.total .price').textContent()).toBe('￥9,000');
    await shop.locator('li[data-sku="TEA-MATCHA-30"] input').fill('1');
    await expect.poll(() => shop.locator('.total .price').textContent()).toBe('￥6,400');
    // Anonymous shoppers are sent to sign in before checkout.
    expect(await shop.locator('a.button.primary').getAttribute('href')).toBe('/signin?next=/checkout');

    await shop.click('button.lang');
    await shop.waitForSelector('h1:text-is("Cart")');
    await shop.click('nav a:has-text("Shop")');
    const knife = shop.locator('.product-card[data-product-id="KNIFE-SANTOKU"]');
    await expect.poll(() => knife.locator('.stock').textContent()).toBe('Sold out');
    expect(await shop.locator('.product-card[data-product-id="FUROSHIKI-SAKURA"] .stock').textContent()).toBe('In stock (8)');
    await shop.reload();
    await shop.waitForSelector('h1:text-is("Shop")');
    expect(shopErrors).toEqual([]);
  });
});
