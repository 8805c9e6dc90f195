import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify, follow, signInAs, until, type AmplifyGraphQL } from '../support/amplify-node';
import { startTestServer, type TestServer } from '../support/local-server';
import { decodedSeconds, generateClip, putFile } from '../support/vod-clips';

interface VideoUpdate {
  id: string;
  status: string;
  progress: number | null;
  published: boolean;
}
interface VideoDoc extends VideoUpdate {
  failureReason: string | null;
  durationSeconds: number | null;
  thumbnailUrl: string | null;
  renditions: { name: string; width: number; height: number; bitrate: number }[];
}

const VIDEO_FIELDS = 'id status progress published failureReason durationSeconds thumbnailUrl renditions { name width height bitrate }';
const ON_VIDEO = `subscription OnVideo($id: ID) { onVideoUpdated(id: $id) { id status progress published } }`;

describe('video ingest through the embedded server and real ffmpeg', () => {
  let server: TestServer;
  let client: AmplifyGraphQL;
  let sam: string;

  const createVideo = async (title: string, access: 'FREE' | 'ENTITLED') => {
    const created = await server.gql<{ createVideo: { id: string; status: string } }>(
      `mutation ($input: CreateVideoInput!) { createVideo(input: $input) { id status } }`,
      { input: { title, access } },
      sam,
    );
    expect(created.errors).toBeUndefined();
    return created.data!.createVideo;
  };
  const requestUpload = async (videoId: string, contentType: string, size: number) => {
    const r = await server.gql<{ requestVideoUpload: { uploadUrl: string; key: string; expiresAt: string } }>(
      `mutation ($id: ID!, $ct: String!, $size: Float!) { requestVideoUpload(videoId: $id, contentType: $ct, size: $size) { uploadUrl key expiresAt } }`,
      { id: videoId, ct: contentType, size },
      sam,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.requestVideoUpload;
  };
  const video = async (id: string, token = sam) =>
    (await server.gql<{ video: VideoDoc | null }>(`query ($id: ID!) { video(id: $id) { ${VIDEO_FIELDS} } }`, { id }, token)).data!
      .video;
  const settledVideo = async (id: string) => {
    let last: VideoDoc | null = null;
    const end = Date.now() + 90_000;
    for (;;) {
      last = await video(id);
      if (last && (last.status === 'READY' || last.status === 'FAILED')) return last;
      if (Date.now() > end) throw new Error(`video ${id} stuck at ${last?.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ MARQUEE_SEED: 'off' });
    sam = await server.token('sam', ['STAFF']);
    client = await configureAmplify(server.url);
  });
  afterAll(() => server.stop());

  it('ingests an uploaded clip to READY with an ABR ladder, pushing progress live, and the signed master playlist plays', async () => {
    const clip = join(server.dataDir, 'clip.mp4');
    await generateClip(clip, '640x480', 3);
    const { id } = await createVideo('テスト映像', 'FREE');

    signInAs(sam);
    const feed = follow<VideoUpdate>(client, 'onVideoUpdated', { query: ON_VIDEO, variables: { id }, authMode: 'userPool' });
    const anonymous = follow<VideoUpdate>(client, 'onVideoUpdated', { query: ON_VIDEO, variables: {}, authMode: 'apiKey' });
    await Promise.all([feed.ready, anonymous.ready]);

    const { size } = await import('node:fs/promises').then((fs) => fs.stat(clip));
    const target = await requestUpload(id, 'video/mp4', size);
    expect(target.key).toMatch(new RegExp(`^videos/${id}/source/`));
    const put = await putFile(target.uploadUrl, clip, 'video/mp4');
    expect(put.status).toBe(200);

    const ready = await settledVideo(id);
    expect(ready.failureReason).toBeNull();
    expect(ready.status).toBe('READY');
    expect(ready.renditions.map((r) => r.name)).toEqual(['480p', '360p']);
    expect(ready.renditions[1]).toMatchObject({ width: 480, height: 360 });
    expect(ready.durationSeconds).toBeGreaterThan(2.5);
    expect(ready.durationSeconds).toBeLessThan(3.6);

    await until(() => feed.received.some((v) => v.status === 'READY'), 10_000, 'READY push');
    const statuses = feed.received.map((v) => v.status);
    expect(statuses.indexOf('UPLOADED')).toBeLessThan(statuses.indexOf('PROCESSING'));
    expect(feed.received.some((v) => v.status === 'PROCESSING' && (v.progress ?? 0) > 0)).toBe(true);
    const progress = feed.received.filter((v) => v.status === 'PROCESSING').map((v) => v.progress ?? 0);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    feed.stop();

    const poster = await fetch(ready.thumbnailUrl!);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');

    const published = await server.gql<{ publishVideo: { published: boolean } }>(
      `mutation ($id: ID!) { publishVideo(id: $id) { published } }`,
      { id },
      sam,
    );
    expect(published.data?.publishVideo.published).toBe(true);
    // Visitors hear nothing of a draft's ingest, and about the video once it is published.
    await until(() => anonymous.received.length > 0, 10_000, 'push to the anonymous subscriber');
    expect(anonymous.received).toEqual([{ id, status: 'READY', progress: 100, published: true }]);
    anonymous.stop();

    const playback = await server.gql<{ playback: { url: string; expiresAt: string } }>(
      `query ($id: ID!) { playback(videoId: $id) { url expiresAt } }`,
      { id },
    );
    expect(playback.errors).toBeUndefined();
    const { url } = playback.data!.playback;
    const master = await (await fetch(url)).text();
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
    // ffmpeg follows the relative rendition and segment URLs, each checked against the token.
    // (The static 2018 ffmpeg crashes resolving host names, so it is given the loopback address.)
    expect(await decodedSeconds(url.replace('//localhost:', '//127.0.0.1:'))).toBeGreaterThan(2.5);
  });

  it('ends an upload that is not a video FAILED, with the reason', async () => {
    const junk = join(server.dataDir, 'notes.mp4');
    await writeFile(junk, 'these are meeting notes, not a film\n'.repeat(50));
    const { id } = await createVideo('壊れたファイル', 'FREE');
    const target = await requestUpload(id, 'video/mp4', 1800);
    expect((await putFile(target.uploadUrl, junk, 'video/mp4')).status).toBe(200);
    const failed = await settledVideo(id);
    expect(failed.status).toBe('FAILED');
    expect(failed.failureReason).toMatch(/^not a video/);
    expect(failed.renditions).toEqual([]);
  });
});
