import { readdir, readFile, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/adapters/local/fs-blob-store';
import { HmacMediaSigner } from '../../src/adapters/local/hmac-media-signer';
import { SqliteReadStore } from '../../src/adapters/local/sqlite-read-store';
import { startTestServer, type TestServer } from '../support/local-server';
import { generateClip, putFile } from '../support/vod-clips';

interface Secrets {
  uploadSecret: string;
  mediaSecret: string;
}

const PLAYBACK = `query ($id: ID!) { playback(videoId: $id) { url expiresAt } }`;

/** Every file under a directory, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** A chunked PUT (no Content-Length) that keeps sending: only byte counting can stop it. */
function streamingPut(url: string, contentType: string, chunks: number, chunkSize: number): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': contentType } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('reset'));
    const chunk = Buffer.alloc(chunkSize, 7);
    let sent = 0;
    const pump = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('uploads and playback are signed, expiring and authorized', () => {
  let server: TestServer;
  let sam: string;
  let alice: string;
  let secrets: Secrets;
  let blobsDir: string;

  const gqlAs = <T>(token: string | undefined, query: string, variables: Record<string, unknown>) =>
    server.gql<T>(query, variables, token);
  const createVideo = async (access: 'FREE' | 'ENTITLED') =>
    (
      await gqlAs<{ createVideo: { id: string } }>(sam, `mutation ($a: VideoAccess!) { createVideo(input: { title: "限定映像", access: $a }) { id } }`, {
        a: access,
      })
    ).data!.createVideo.id;
  const requestUpload = (token: string, id: string, ct: string, size: number) =>
    gqlAs<{ requestVideoUpload: { uploadUrl: string; key: string } }>(
      token,
      `mutation ($id: ID!, $ct: String!, $size: Float!) { requestVideoUpload(videoId: $id, contentType: $ct, size: $size) { uploadUrl key } }`,
      { id, ct, size },
    );
  const statusOf = async (id: string) =>
    (await gqlAs<{ video: { status: string } }>(sam, `query ($id: ID!) { video(id: $id) { status } }`, { id })).data!.video.status;

  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off' });
    [sam, alice] = await Promise.all([server.token('sam', ['STAFF']), server.token('alice')]);
    secrets = JSON.parse(await readFile(join(server.dataDir, 'secrets.json'), 'utf8')) as Secrets;
    blobsDir = join(server.dataDir, 'blobs');
  });
  afterAll(() => server.stop());

  describe('upload refusals store nothing', () => {
    it('refuses to sign uploads that are not videos, have no size, or come from non-staff', async () => {
      const id = await createVideo('FREE');
      expect((await requestUpload(sam, id, 'image/png', 100)).errors?.[0]?.errorType).toBe('ValidationError');
      expect((await requestUpload(sam, id, 'video/mp4', 0)).errors?.[0]?.errorType).toBe('ValidationError');
      expect((await requestUpload(alice, id, 'video/mp4', 100)).errors?.[0]?.errorType).toBe('Forbidden');
      expect((await requestUpload(sam, 'no-such-video', 'video/mp4', 100)).errors?.[0]?.errorType).toBe('NotFound');
    });

    it('refuses a wrong content type, an oversized body, an expired or a tampered URL', async () => {
      const id = await createVideo('FREE');
      const { uploadUrl, key } = (await requestUpload(sam, id, 'video/mp4', 1000)).data!.requestVideoUpload;
      const put = (url: string, contentType: string, body: Buffer) =>
        fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).then((r) => r.status);

      expect(await put(uploadUrl, 'text/plain', Buffer.alloc(10))).toBe(415);
      expect(await put(uploadUrl, 'video/webm', Buffer.alloc(10))).toBe(415);
      expect(await put(uploadUrl, 'video/mp4', Buffer.alloc(1001))).toBe(413);
      // No Content-Length: the server counts bytes while streaming and stops at the limit.
      expect([413, 'reset']).toContain(await streamingPut(uploadUrl, 'video/mp4', 64, 64 * 1024));

      const tampered = new URL(uploadUrl);
      tampered.searchParams.set('max', String(10 ** 9));
      expect(await put(tampered.href, 'video/mp4', Buffer.alloc(10))).toBe(403);
      const otherKey = uploadUrl.replace(key, `${key}x`);
      expect(await put(otherKey, 'video/mp4', Buffer.alloc(10))).toBe(403);

      const expired = await new FsBlobStore({ root: blobsDir, secret: secrets.uploadSecret, baseUrl: () => server.url }).createUploadUrl({
        key,
        contentType: 'video/mp4',
        maxBytes: 1000,
        expiresAt: new Date(Date.now() - 1000),
      });
      expect(await put(expired, 'video/mp4', Buffer.alloc(10))).toBe(403);

      expect(await filesUnder(blobsDir)).not.toContainEqual(expect.stringContaining(`videos/${id}/`));
      expect(await statusOf(id)).toBe('CREATED');
    });
  });

  describe('playback', () => {
    let id: string;
    let playbackUrl: string;

    beforeAll(async () => {
      const clip = join(server.dataDir, 'clip.mp4');
      await generateClip(clip, '640x480', 2);
      id = await createVideo('ENTITLED');
      const { size } = await stat(clip);
      const { uploadUrl, key } = (await requestUpload(sam, id, 'video/mp4', size)).data!.requestVideoUpload;
      expect((await putFile(uploadUrl, clip, 'video/mp4')).status).toBe(200);
      expect(await filesUnder(blobsDir)).toContain(key);
      // The URL is one-shot: the same PUT again is refused and changes nothing.
      expect((await putFile(uploadUrl, clip, 'video/mp4')).status).toBe(409);
      const end = Date.now() + 60_000;
      while ((await statusOf(id)) !== 'READY') {
        if (Date.now() > end) throw new Error(`video stuck at ${await statusOf(id)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    it('hides an unpublished video from shoppers, and lets staff preview it', async () => {
      expect((await gqlAs(alice, PLAYBACK, { id })).errors?.[0]?.errorType).toBe('NotFound');
      expect((await gqlAs<{ playback: { url: string } }>(sam, PLAYBACK, { id })).data?.playback.url).toMatch(/\/master\.m3u8$/);
    });

    it('ENTITLED: anonymous must sign in, a shopper without the video is Forbidden, an entitled shopper plays it', async () => {
      await gqlAs(sam, `mutation ($id: ID!) { publishVideo(id: $id) { id } }`, { id });
      expect((await gqlAs(undefined, PLAYBACK, { id })).errors?.[0]?.errorType).toBe('Unauthorized');
      expect((await gqlAs(alice, PLAYBACK, { id })).errors?.[0]?.errorType).toBe('Forbidden');
      expect((await gqlAs<{ myLibrary: unknown[] }>(alice, `{ myLibrary { id } }`, {})).data?.myLibrary).toEqual([]);

      // The library row as checkout's projection writes it (customer id = the user's sub).
      const aliceSub = JSON.parse(Buffer.from(alice.split('.')[1]!, 'base64url').toString()).sub as string;
      await new SqliteReadStore(server.readDb).put('library', {
        id: aliceSub,
        doc: { customerId: aliceSub, videos: { [id]: { orderId: 'order-1', grantedAt: new Date().toISOString() } } },
        versions: {},
      });
      const granted = await gqlAs<{ playback: { url: string; expiresAt: string } }>(alice, PLAYBACK, { id });
      expect(granted.errors).toBeUndefined();
      playbackUrl = granted.data!.playback.url;
      const ttl = Date.parse(granted.data!.playback.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(10 * 60_000);
      expect(ttl).toBeLessThan(20 * 60_000);
      expect((await fetch(playbackUrl)).status).toBe(200);
      expect((await gqlAs<{ myLibrary: { id: string }[] }>(alice, `{ myLibrary { id } }`, {})).data?.myLibrary).toEqual([{ id }]);
    });

    it('FREE: anyone may watch', async () => {
      await gqlAs(sam, `mutation ($id: ID!) { updateVideo(id: $id, input: { access: FREE }) { id } }`, { id });
      const anonymous = await gqlAs<{ playback: { url: string } }>(undefined, PLAYBACK, { id });
      expect(anonymous.errors).toBeUndefined();
      expect((await fetch(anonymous.data!.playback.url)).status).toBe(200);
    });

    it('checks the token on every playlist and segment request: expired, tampered or out of scope is 403', async () => {
      const base = playbackUrl.slice(0, playbackUrl.lastIndexOf('/') + 1);
      const rendition = (await (await fetch(playbackUrl)).text()).split('\n').find((l) => l.endsWith('.m3u8'))!;
      const segment = (await (await fetch(base + rendition)).text()).split('\n').find((l) => l.endsWith('.ts'))!;
      expect((await fetch(base + segment)).status).toBe(200);

      const signer = new HmacMediaSigner({ secret: secrets.mediaSecret, baseUrl: () => server.url });
      const expiredMaster = await signer.signedUrl({
        key: `videos/${id}/hls/master.m3u8`,
        scopePrefix: `videos/${id}/hls/`,
        expiresAt: new Date(Date.now() - 1000),
      });
      const expiredBase = expiredMaster.slice(0, expiredMaster.lastIndexOf('/') + 1);
      expect((await fetch(expiredMaster)).status).toBe(403);
      expect((await fetch(expiredBase + segment)).status).toBe(403);

      const token = new URL(playbackUrl).pathname.split('/')[2]!;
      const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      expect((await fetch(playbackUrl.replace(token, flipped))).status).toBe(403);
      const [claims, sig] = token.split('.') as [string, string];
      const widened = Buffer.from(JSON.stringify({ p: 'videos/', e: 4_000_000_000 })).toString('base64url');
      expect((await fetch(playbackUrl.replace(`${claims}.${sig}`, `${widened}.${sig}`))).status).toBe(403);
      expect((await fetch(playbackUrl.replace(`videos/${id}/`, 'videos/another-video/'))).status).toBe(403);
      expect((await fetch(playbackUrl.replace(`videos/${id}/hls/master.m3u8`, `videos/${id}/source/x`))).status).toBe(403);
    });
  });
});
