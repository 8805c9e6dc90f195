import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/local-server';
import { ensureWebBuilt, launchBrowser, signInAs, WEB_DIST, watchErrors } from '../support/browser';

const ffmpegPath = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

describe('videos in chromium: CMS upload -> live ingest -> publish -> watch / locked', () => {
  let server: TestServer;
  let browser: Browser;
  let cms: Page;
  let viewer: Page;
  let viewerErrors: string[];
  let clip: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    clip = join(mkdtempSync(join(tmpdir(), 'marquee-clip-')), 'clip.mp4');
    execFileSync(ffmpegPath, ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=24', '-f', 'lavfi',
      '-i', 'sine=frequency=440', '-t', '3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip]);
    await ensureWebBuilt();
    server = await startTestServer({ MARQUEE_WEB_DIR: WEB_DIST });
    browser = await launchBrowser();
    cms = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    viewer = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    viewerErrors = watchErrors(viewer);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function createAndUpload(title: string, access: 'FREE' | 'ENTITLED', featured: string): Promise<string> {
    await cms.click('button:has-text("新しい動画")');
    await cms.fill('input[name="title"]', title);
    await cms.selectOption('select[name="access"]', access);
    await cms.fill('input[name="featuredProductIds"]', featured);
    await cms.click('form button:has-text("保存")');
    const row = cms.locator('.video-row', { hasText: title });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('CREATED');
    const id = (await row.getAttribute('data-video-id'))!;
    await row.locator('input[type=file]').setInputFiles(clip);
    // The status moves through ingest to READY by subscription, without reloading the page.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('READY');
    expect(await row.textContent()).toMatch(/\d+p \(\d+ kbps\)/);
    await row.locator('button:has-text("公開する")').click();
    await expect.poll(() => row.textContent()).toContain('公開中');
    return id;
  }

  it('sam uploads two videos; each goes READY live and is published', async () => {
    await signInAs(cms, server.url, 'sam');
    await cms.goto(server.url + '/cms/videos');
    await cms.waitForSelector('.empty');
    ids.free = await createAndUpload('抹茶の点て方', 'FREE', 'TEA-MATCHA-30, MUG-ARITA');
    ids.course = await createAndUpload('練り切りを作る', 'ENTITLED', '');
    const staff = await server.token('sam', ['STAFF']);
    const res = await server.gql(
      `mutation { updateProduct(id: "COURSE-WAGASHI", input: { grantsVideoIds: ["${ids.course}"] }) { grantsVideoIds } }`,
      {},
      staff,
    );
    expect(res.errors).toBeUndefined();
    await cms.screenshot({ path: '/tmp/marquee-cms-videos.png', fullPage: true });
  });

  it('anyone can watch the free video, with featured products (live stock, add to cart) beside it', async () => {
    await viewer.goto(server.url + '/videos');
    await viewer.waitForSelector(`.video-card[data-video-id="${ids.free}"]`);
    expect(await viewer.locator('.video-card').count()).toBe(2);
    await viewer.click(`.video-card[data-video-id="${ids.free}"] .card-title`);
    await viewer.waitForSelector('video.player');
    await expect.poll(() => viewer.locator('video.player').evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 }).toBeGreaterThan(0);
    const matcha = viewer.locator('.featured .product-card[data-product-id="TEA-MATCHA-30"]');
    await matcha.waitFor();
    await viewer.waitForTimeout(500); // let the product subscription be acknowledged
    const staff = await server.token('sam', ['STAFF']);
    await server.gql('mutation { adjustStock(sku: "TEA-MATCHA-30", delta: -17, reason: "tasting event") { available } }', {}, staff);
    await expect.poll(() => matcha.locator('.stock').textContent()).toBe('残り3点');
    await matcha.locator('button').click();
    await expect.poll(() => viewer.locator('[data-testid="cart-count"]').textContent()).toBe('1');
    expect(viewer.url()).toContain(`/watch/${ids.free}`);
  });

  it('the entitled video is locked and says which product unlocks it', async () => {
    await viewer.goto(`${server.url}/watch/${ids.course}`);
    const locked = viewer.locator('[data-testid="locked"]');
    await locked.waitFor();
    expect(await locked.textContent()).toContain('ログインして');
    await locked.locator('a:has-text("和菓子づくり講座")').waitFor();
    await viewer.screenshot({ path: '/tmp/marquee-locked.png' });

    await viewer.goto(`${server.url}/product/COURSE-WAGASHI`);
    await viewer.locator('.unlocks a:has-text("練り切りを作る")').waitFor();
    expect(viewerErrors.filter((e) => !/status of 40\d/.test(e))).toEqual([]);
  });
});
