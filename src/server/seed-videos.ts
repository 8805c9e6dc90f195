import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Services } from '../app/services';
import type { CreateVideoInput } from '../app/vod/videos';
import { bundledFfmpegPath } from '../adapters/local/ffmpeg-binary';
import { runFfmpeg } from '../adapters/local/ffmpeg-process';

const SEED_ACTOR = 'system:seed';

interface DemoVideo extends CreateVideoInput {
  /** lavfi source drawn by ffmpeg: the demo ships no media files, it makes them. */
  readonly picture: string;
  readonly grantedBy?: string;
}

const DEMO_VIDEOS: DemoVideo[] = [
  {
    title: '抹茶の点て方 — How to whisk matcha',
    description: '茶筅の動かし方を2分で。A two-minute guide to a smooth, foamy bowl.',
    access: 'FREE',
    featuredProductIds: ['TEA-MATCHA-30', 'MUG-ARITA'],
    picture: 'mandelbrot=size=854x480:rate=25',
  },
  {
    title: '和菓子づくり講座 第1回 — Wagashi lesson 1',
    description: '練り切りの基本。Nerikiri basics: colouring and shaping the dough.',
    access: 'ENTITLED',
    featuredProductIds: ['COURSE-WAGASHI', 'TENUGUI-WAVE'],
    picture: 'testsrc2=size=854x480:rate=25',
    grantedBy: 'COURSE-WAGASHI',
  },
];

/**
 * First start only: two demo videos (one free, one unlocked by the wagashi course), drawn
 * by ffmpeg, uploaded through the real signed upload URL and ingested by the real workflow,
 * then published once READY. Idempotent by title; runs in the background after start-up.
 */
export async function seedDemoVideos(services: Services, log: (line: string) => void): Promise<void> {
  const existing = (await services.videos.videos(100, null, true)).items;
  for (const demo of DEMO_VIDEOS) {
    const { picture, grantedBy, ...input } = demo;
    const video = existing.find((v) => v.title === demo.title) ?? (await services.videos.createVideo(input, SEED_ACTOR));
    if (grantedBy) {
      const product = await services.catalog.product(grantedBy, true);
      if (product && !product.grantsVideoIds.includes(video.id))
        await services.catalog.updateProduct(grantedBy, { grantsVideoIds: [...product.grantsVideoIds, video.id] }, SEED_ACTOR);
    }
    if (video.status === 'CREATED' || video.status === 'FAILED') {
      log(`seeding demo video "${demo.title}": drawing and uploading…`);
      await uploadClip(services, video.id, picture);
    }
    const ready = await waitForReady(services, video.id);
    if (ready && !video.published) await services.videos.setPublished(video.id, true, SEED_ACTOR);
  }
}

async function uploadClip(services: Services, videoId: string, picture: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-seed-'));
  try {
    const file = join(dir, 'demo.mp4');
    await runFfmpeg(bundledFfmpegPath, [
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
      '-f', 'lavfi', '-i', picture,
      '-f', 'lavfi', '-i', 'sine=frequency=523',
      '-t', '12', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
    ]);
    const body = await readFile(file);
    const target = await services.videos.requestUpload(videoId, 'video/mp4', body.length, SEED_ACTOR);
    const res = await fetch(target.uploadUrl, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body });
    if (!res.ok) throw new Error(`demo upload refused: ${res.status} ${await res.text()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function waitForReady(services: Services, videoId: string, timeoutMs = 10 * 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const view = await services.videos.find(videoId);
    if (view?.status === 'READY') return true;
    if (view?.status === 'FAILED') return false;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
