import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-server';
import { generateClip, putFile } from '../support/vod-clips';

const PLAYBACK = `query ($id: ID!) { playback(videoId: $id) { url expiresAt } }`;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('buying a digital product unlocks its video (real checkout, real ingest)', () => {
  let server: TestServer;
  let sam: string;
  let alice: string;
  let videoId: string;
  const sku = 'FILM-TEA-CEREMONY';

  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off' });
    [sam, alice] = await Promise.all([server.token('sam', ['STAFF']), server.token('alice')]);
    const created = await server.gql<{ createVideo: { id: string } }>(
      `mutation { createVideo(input: { title: "茶道入門", access: ENTITLED, featuredProductIds: ["${sku}"] }) { id } }`,
      {},
      sam,
    );
    videoId = created.data!.createVideo.id;
    const clip = join(server.dataDir, 'clip.mp4');
    await generateClip(clip, '640x480', 2);
    const target = await server.gql<{ requestVideoUpload: { uploadUrl: string } }>(
      `mutation ($id: ID!, $size: Float!) { requestVideoUpload(videoId: $id, contentType: "video/mp4", size: $size) { uploadUrl } }`,
      { id: videoId, size: (await stat(clip)).size },
      sam,
    );
    expect((await putFile(target.data!.requestVideoUpload.uploadUrl, clip, 'video/mp4')).status).toBe(200);
    await eventually('READY', async () => {
      const r = await server.gql<{ video: { status: string } }>(`query ($id: ID!) { video(id: $id) { status } }`, { id: videoId }, sam);
      return r.data?.video.status === 'READY' ? true : undefined;
    });
    await server.gql(`mutation ($id: ID!) { publishVideo(id: $id) { id } }`, { id: videoId }, sam);
    const product = await server.gql(
      `mutation ($v: [ID!]) { createProduct(input: { sku: "${sku}", title: "茶道入門 (配信)", price: { amount: 1500, currency: "JPY" }, kind: DIGITAL, grantsVideoIds: $v }) { id } }`,
      { v: [videoId] },
      sam,
    );
    expect(product.errors).toBeUndefined();
    await server.gql(`mutation { publishProduct(id: "${sku}") { id } adjustStock(sku: "${sku}", delta: 100, reason: "licence") { id } }`, {}, sam);
  });
  afterAll(() => server.stop());

  it('is Forbidden before the purchase, plays after it, and is Forbidden again after a refund', async () => {
    expect((await server.gql(PLAYBACK, { id: videoId }, alice)).errors?.[0]?.errorType).toBe('Forbidden');
    const video = await server.gql<{ video: { grantedByProductIds: string[]; featuredProductIds: string[] } }>(
      `query ($id: ID!) { video(id: $id) { grantedByProductIds featuredProductIds } }`,
      { id: videoId },
      alice,
    );
    expect(video.data?.video).toEqual({ grantedByProductIds: [sku], featuredProductIds: [sku] });

    const placed = await server.gql<{ placeOrder: { id: string; status: string } }>(
      `mutation { placeOrder(input: { idempotencyKey: "buy-film-1", lines: [{ sku: "${sku}", quantity: 1 }], paymentMethodId: "pm_card_visa" }) { id status } }`,
      {},
      alice,
    );
    expect(placed.errors).toBeUndefined();
    const orderId = placed.data!.placeOrder.id;

    const grant = await eventually('the entitlement', async () => {
      const r = await server.gql<{ playback: { url: string } }>(PLAYBACK, { id: videoId }, alice);
      return r.data?.playback ?? undefined;
    });
    expect((await fetch(grant.url)).status).toBe(200);
    const library = await server.gql<{ myLibrary: { id: string; title: string }[] }>(`{ myLibrary { id title } }`, {}, alice);
    expect(library.data?.myLibrary).toEqual([{ id: videoId, title: '茶道入門' }]);

    const refunded = await server.gql(`mutation ($id: ID!) { refundOrder(id: $id) { id status } }`, { id: orderId }, sam);
    expect(refunded.errors).toBeUndefined();
    // Revoked before the order says REFUNDED, so a watch page that re-asks for playback on that push is refused.
    const log = new Database(join(server.dataDir, 'marquee.db'), { readonly: true });
    const positionOf = (type: string) => log.prepare('SELECT position FROM es_events WHERE type = ? ORDER BY position LIMIT 1').pluck().get(type) as number;
    expect(positionOf('EntitlementRevoked')).toBeLessThan(positionOf('OrderRefunded'));
    log.close();
    await eventually('the revocation', async () => {
      const r = await server.gql(PLAYBACK, { id: videoId }, alice);
      return r.errors?.[0]?.errorType === 'Forbidden' ? true : undefined;
    });
    expect((await server.gql<{ myLibrary: unknown[] }>(`{ myLibrary { id } }`, {}, alice)).data?.myLibrary).toEqual([]);
  });
});
