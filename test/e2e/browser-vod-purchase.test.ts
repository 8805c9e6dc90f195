import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, watchErrors } from '../support/browser';
import { generateClip, putFile } from '../support/vod-clips';

const SKU = 'COURSE-NERIKIRI';
const TITLE = '練り切り講座（動画）';

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('buying a digital product in chromium unlocks its video in the player', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let watcher: Page; // a second tab left on the locked watch page
  let errors: string[];
  let orderId: string;
  let videoId: string;
  const playlistResponses: number[] = [];

  /** An ENTITLED video, READY and published, granted by a published DIGITAL product: all through GraphQL + the signed PUT. */
  async function createGrantedVideo(): Promise<string> {
    const sam = await server.token('sam', ['STAFF']);
    const created = await server.gql<{ createVideo: { id: string } }>(
      'mutation { createVideo(input: { title: "練り切りを作る", access: ENTITLED }) { id } }',
      {},
      sam,
    );
    const id = created.data!.createVideo.id;
    const clip = join(server.dataDir, 'clip.mp4');
    await generateClip(clip, '320x240', 2);
    const target = await server.gql<{ requestVideoUpload: { uploadUrl: string } }>(
      'mutation ($id: ID!, $size: Float!) { requestVideoUpload(videoId: $id, contentType: "video/mp4", size: $size) { uploadUrl } }',
      { id, size: (await stat(clip)).size },
      sam,
    );
    expect((await putFile(target.data!.requestVideoUpload.uploadUrl, clip, 'video/mp4')).status).toBe(200);
    await eventually('READY', async () => {
      const r = await server.gql<{ video: { status: string } }>('query ($id: ID!) { video(id: $id) { status } }', { id }, sam);
      if (r.data?.video.status === 'FAILED') throw new Error('ingest failed');
      return r.data?.video.status === 'READY' ? true : undefined;
    });
    const published = await server.gql('mutation ($id: ID!) { publishVideo(id: $id) { id } }', { id }, sam);
    expect(published.errors).toBeUndefined();
    const product = await server.gql(
      `mutation ($v: [ID!]) {
        createProduct(input: { sku: "${SKU}", title: "${TITLE}", price: { amount: 1800, currency: "JPY" }, category: "Courses", kind: DIGITAL, grantsVideoIds: $v }) { id }
      }`,
      { v: [id] },
      sam,
    );
    expect(product.errors).toBeUndefined();
    const live = await server.gql(
      `mutation { publishProduct(id: "${SKU}") { id } adjustStock(sku: "${SKU}", delta: 100, reason: "licence") { id } }`,
      {},
      sam,
    );
    expect(live.errors).toBeUndefined();
    return id;
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST });
    [videoId] = await Promise.all([
      createGrantedVideo(),
      launchBrowser().then((b) => {
        browser = b;
      }),
    ]);
    page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    errors = watchErrors(page);
    page.on('response', (r) => {
      if (/\.m3u8(\?|$)/.test(r.url())) playlistResponses.push(r.status());
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('alice sees the video locked, with the product that unlocks it', async () => {
    await signInAs(page, server.url, 'alice');
    await page.goto(`${server.url}/watch/${videoId}`);
    const locked = page.locator('[data-testid="locked"]');
    await locked.waitFor();
    expect(await locked.textContent()).toContain('次の商品のいずれかを購入すると視聴できます');
    expect(await page.locator('video.player').count()).toBe(0);
    expect(playlistResponses).toEqual([]);
    await locked.locator(`a:has-text("${TITLE}")`).click();
    await page.waitForSelector(`.product-page[data-product-id="${SKU}"]`);
    expect(await page.locator('.unlocks a').textContent()).toContain('練り切りを作る');
  });

  it('buys the product (no address for a digital-only cart); a tab left on the locked video unlocks live', async () => {
    watcher = await page.context().newPage();
    await watcher.goto(`${server.url}/watch/${videoId}`);
    await watcher.locator('[data-testid="locked"]').waitFor();
    await watcher.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await watcher.waitForSelector('[data-live="Connected"]:not([data-acks="0"])', { timeout: 15_000 });
    await watcher.waitForTimeout(300); // every subscription of the page acknowledged

    await page.click('.product-page button.primary');
    await expect.poll(() => page.locator('[data-testid="cart-count"]').textContent()).toBe('1');
    await page.click('nav a:has-text("カート")');
    await page.click('.cart a.button.primary');
    await page.waitForSelector('.checkout form');
    expect(await page.locator('.checkout fieldset.address').count()).toBe(0);
    await page.check('input[name="card"][value="pm_card_visa"]');
    await page.click('button[type="submit"]');
    await page.waitForURL('**/orders/*');
    const order = page.locator('section.order');
    await expect.poll(() => order.getAttribute('data-status'), { timeout: 15_000 }).toMatch(/CONFIRMED|FULFILLING|DELIVERED/);
    orderId = (await order.getAttribute('data-order-id'))!;

    const player = watcher.locator('video.player');
    await player.waitFor({ timeout: 15_000 });
    expect(await watcher.locator('[data-testid="locked"]').count()).toBe(0);
    await expect.poll(() => player.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await watcher.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('the library lists the video, and the player now loads it', async () => {
    await page.click('section.order a[href="/library"]');
    const card = page.locator(`.video-card[data-video-id="${videoId}"]`);
    await card.waitFor();
    await card.locator('.card-title').click();
    await page.waitForSelector('video.player');
    expect(await page.locator('[data-testid="locked"]').count()).toBe(0);
    const video = page.locator('video.player');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThan(0);
    const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
    expect(duration).toBeGreaterThan(1.5);
    expect(duration).toBeLessThan(3);
    // The master playlist (and a rendition's) came through the signed URL.
    expect(playlistResponses.length).toBeGreaterThanOrEqual(2);
    expect(playlistResponses.every((s) => s === 200)).toBe(true);
    await page.screenshot({ path: '/tmp/marquee-vod-purchased.png' });
    // The locked page's Forbidden playback request is the one expected failure.
    expect(errors.filter((e) => !/status of 40\d/.test(e))).toEqual([]);
  });

  it('a refund by staff locks the video again in the open tab', async () => {
    const sam = await server.token('sam', ['STAFF']);
    const refunded = await server.gql<{ refundOrder: { status: string } }>(
      'mutation ($id: ID!) { refundOrder(id: $id) { status } }',
      { id: orderId },
      sam,
    );
    expect(refunded.data?.refundOrder.status).toBe('REFUNDED');
    await watcher.locator('[data-testid="locked"]').waitFor({ timeout: 15_000 });
    expect(await watcher.locator('video.player').count()).toBe(0);
    expect(await watcher.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });
});
