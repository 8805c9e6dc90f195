import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, watchErrors } from '../support/browser';

const SKU = 'FUROSHIKI-SAKURA';
const ADDRESS = { name: '山田 アリス', postalCode: '150-0001', region: '東京都', city: '渋谷区', line1: '神宮前1-2-3' };

/**
 * Stands in for https://js.stripe.com (real Stripe.js cannot be reached offline): `elements().create('card')`
 * mounts a plain input, and `createPaymentMethod` answers like Stripe does for the card typed into it. Like Stripe,
 * every call mints a new id: pm_card_visa first, then pm_card_visa_debit (both accepted by the offline gateway).
 */
const STRIPE_STUB = `
window.Stripe = Object.assign(function (key, options) {
  window.__stripeKeys = (window.__stripeKeys || []).concat([key]);
  var created = {};
  var elements = {
    create: function (type) {
      var input = document.createElement('input');
      input.setAttribute('data-stub-element', type);
      input.placeholder = 'card number';
      var element = {
        __input: input,
        mount: function (node) { (typeof node === 'string' ? document.querySelector(node) : node).appendChild(input); },
        on: function () { return element; },
        off: function () { return element; },
        update: function () {},
        destroy: function () { input.remove(); },
      };
      created[type] = element;
      return element;
    },
    getElement: function (type) { return created[(type && type.__elementType) || type] || null; },
    update: function () {},
  };
  return {
    elements: function () { return elements; },
    createToken: function () { return Promise.reject(new Error('not stubbed')); },
    confirmCardPayment: function () { return Promise.reject(new Error('not stubbed')); },
    createPaymentMethod: function (data) {
      window.__createPaymentMethod = (window.__createPaymentMethod || []).concat([data.type]);
      var number = data.card.__input.value.replace(/\\s/g, '');
      if (number === '4000000000000002')
        return Promise.resolve({ error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } });
      window.__minted = (window.__minted || 0) + 1;
      return Promise.resolve({ paymentMethod: { id: window.__minted === 1 ? 'pm_card_visa' : 'pm_card_visa_debit', type: 'card' } });
    },
  };
}, { version: 'endive' });
`;

/** Every request leaving localhost: js.stripe.com gets the stub, anything else is refused and recorded. */
async function guardNetwork(context: BrowserContext): Promise<{ stripe: string[]; refused: string[] }> {
  const seen = { stripe: [] as string[], refused: [] as string[] };
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === 'js.stripe.com') {
        seen.stripe.push(url.href);
        await route.fulfill({ status: 200, contentType: 'text/javascript', body: STRIPE_STUB });
      } else {
        seen.refused.push(url.href);
        await route.abort();
      }
    },
  );
  return seen;
}

async function toCheckout(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/product/${SKU}`);
  await page.click('.product-page button.primary');
  await expect.poll(() => page.locator('[data-testid="cart-count"]').textContent()).toBe('1');
  await page.click('nav a:has-text("カート")');
  await page.click('.cart a.button.primary');
  await page.waitForSelector('.checkout form fieldset.cards');
}

describe('checkout with a Stripe publishable key: Stripe Elements card entry (js.stripe.com stubbed)', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let network: { stripe: string[]; refused: string[] };
  const placeOrders: { paymentMethodId: string; idempotencyKey: string }[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST, STRIPE_PUBLISHABLE_KEY: 'pk_test_123' });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    network = await guardNetwork(context);
    page = await context.newPage();
    errors = watchErrors(page);
    page.on('request', (r) => {
      const body = r.method() === 'POST' ? r.postData() : null;
      if (body?.includes('placeOrder')) {
        const input = (JSON.parse(body) as { variables: { input: { paymentMethodId: string; idempotencyKey: string } } }).variables.input;
        placeOrders.push({ paymentMethodId: input.paymentMethodId, idempotencyKey: input.idempotencyKey });
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the real server serves the publishable key (and no secret) in /amplify_outputs.json', async () => {
    const res = await fetch(`${server.url}/amplify_outputs.json`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const outputs = JSON.parse(text) as { custom: { marquee: Record<string, unknown> } };
    expect(outputs.custom.marquee.stripePublishableKey).toBe('pk_test_123');
    expect(text).not.toMatch(/sk_(test|live)_|whsec_/);
  });

  it('the checkout page shows the card field instead of the test-card list', async () => {
    await signInAs(page, server.url, 'alice');
    await toCheckout(page, server.url);
    await page.waitForSelector('fieldset[data-payment-mode="stripe-elements"] .stripe-card input[data-stub-element="card"]');
    expect(await page.locator('input[name="card"]').count()).toBe(0);
    expect(await page.locator('code:has-text("pm_card_visa")').count()).toBe(0);
    expect(await page.locator('fieldset.cards legend').textContent()).toBe('お支払いカード');
    expect(network.stripe).toHaveLength(1);
    expect(network.stripe[0]).toMatch(/^https:\/\/js\.stripe\.com\/[a-z0-9]+\/stripe\.js/);
    expect(await page.evaluate(() => (window as unknown as { __stripeKeys: string[] }).__stripeKeys)).toEqual(['pk_test_123']);
  });

  it("Stripe's refusal is shown next to the card field and no order is placed", async () => {
    for (const [name, value] of Object.entries(ADDRESS)) await page.fill(`input[name="${name}"]`, value);
    await page.fill('input[data-stub-element="card"]', '4000 0000 0000 0002');
    await page.click('button[type="submit"]');
    const reason = page.locator('fieldset[data-payment-mode="stripe-elements"] .field-error');
    await expect.poll(() => reason.textContent()).toBe('Your card was declined.');
    expect(page.url()).toMatch(/\/checkout$/);
    expect(placeOrders).toEqual([]);
    expect(await page.locator('button[type="submit"]').isEnabled()).toBe(true);
  });

  it('a card Stripe accepts places the order with the returned pm_… id (a retry keeps its key), and it is CONFIRMED', async () => {
    // The first placeOrder reaches the server but its answer is lost: the retry mints a new PaymentMethod,
    // yet reuses the attempt's key, so the server answers with the same order instead of placing a second.
    let lost = false;
    await page.route(`${server.url}/graphql`, async (route) => {
      if (lost || !route.request().postData()?.includes('placeOrder')) return route.fallback();
      lost = true;
      await (await route.fetch()).body();
      const errors = [{ errorType: 'Timeout', message: 'the answer was lost on the way' }];
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: null, errors }) });
    });
    await page.fill('input[data-stub-element="card"]', '4242 4242 4242 4242');
    await page.click('button[type="submit"]');
    await page.waitForSelector('.checkout .error[role="alert"]');
    expect(page.url()).toMatch(/\/checkout$/);
    await page.click('button[type="submit"]');
    await page.waitForURL('**/orders/*');
    expect(placeOrders).toHaveLength(2);
    expect(placeOrders.map((p) => p.paymentMethodId)).toEqual(['pm_card_visa', 'pm_card_visa_debit']);
    expect(placeOrders[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(placeOrders[1]!.idempotencyKey).toBe(placeOrders[0]!.idempotencyKey);
    await page.waitForSelector('section.order .timeline li[data-type="OrderConfirmed"]', { timeout: 15_000 });
    expect(await page.locator('section.order .timeline li[data-type="OrderConfirmed"] strong').textContent()).toBe('ご注文が確定しました');
    expect(['CONFIRMED', 'FULFILLING']).toContain(await page.locator('section.order').getAttribute('data-status'));
    expect(await page.evaluate(() => (window as unknown as { __createPaymentMethod: string[] }).__createPaymentMethod)).toEqual([
      'card',
      'card',
      'card',
    ]);
    expect(network.refused).toEqual([]);
    expect(errors).toEqual([]);
    // One order of one unit: 8 seeded, 7 left.
    await page.goto(`${server.url}/product/${SKU}`);
    expect(await page.locator('.product-page .stock').getAttribute('data-stock')).toBe('7');
  });
});

describe('checkout without a publishable key: test cards, and nothing is fetched from Stripe', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the test-card list and never requests js.stripe.com', async () => {
    expect(((await (await fetch(`${server.url}/amplify_outputs.json`)).json()) as { custom: { marquee: object } }).custom.marquee).not.toHaveProperty(
      'stripePublishableKey',
    );
    const context = await browser.newContext();
    const network = await guardNetwork(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInAs(page, server.url, 'alice');
    await toCheckout(page, server.url);
    expect(await page.locator('fieldset[data-payment-mode="test-cards"] input[name="card"]').evaluateAll((els) =>
      els.map((e) => (e as HTMLInputElement).value),
    )).toEqual(['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds']);
    expect(await page.locator('.stripe-card').count()).toBe(0);
    expect(network).toEqual({ stripe: [], refused: [] });
    expect(errors).toEqual([]);
  });
});
