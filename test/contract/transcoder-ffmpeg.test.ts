import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isDomainError } from '../../src/domain/errors';
import type { TranscodeJob, TranscodeResult, TranscodeStatus } from '../../src/ports/transcoder';
import { buildTranscodeSettings } from '../../src/app/vod/transcode-settings';
import { bundledFfmpegPath } from '../../src/adapters/local/ffmpeg-binary';
import { runFfmpeg } from '../../src/adapters/local/ffmpeg-process';
import { ffmpegJobId } from '../../src/adapters/local/ffmpeg-jobs';
import { FfmpegTranscoder } from '../../src/adapters/local/ffmpeg-transcoder';

let root: string;

async function generateClip(key: string, size: string, seconds: number, withAudio = true): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'];
  args.push('-f', 'lavfi', '-i', `testsrc=size=${size}:rate=30:duration=${seconds}`);
  if (withAudio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (withAudio) args.push('-c:a', 'aac', '-shortest');
  args.push(join(root, key));
  await runFfmpeg(bundledFfmpegPath, args);
}

/** Decodes a playlist end to end and returns the decoded duration in seconds. */
async function decodedSeconds(path: string): Promise<number> {
  let outTime = 0;
  await runFfmpeg(bundledFfmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', '-i', path, '-f', 'null', '-'], {
    onStdoutLine: (line) => {
      if (line.startsWith('out_time_ms=')) outTime = Number(line.slice('out_time_ms='.length)) / 1e6;
    },
  });
  return outTime;
}

const expectNotAVideo = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isDomainError(error) && error.errorType).toBe('ValidationError');
  expect((error as Error).message).toMatch(/^not a video: /);
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'marquee-vod-'));
  await mkdir(join(root, 'uploads'));
  await Promise.all([generateClip('uploads/clip.mp4', '854x480', 6), generateClip('uploads/tiny.mp4', '320x180', 1, false)]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FfmpegTranscoder (real ffmpeg)', () => {
  it('probes a generated clip', async () => {
    const probe = await new FfmpegTranscoder({ root }).probe('uploads/clip.mp4');
    expect(probe).toMatchObject({ width: 854, height: 480, frameRate: 30, hasAudio: true, videoCodec: 'h264' });
    expect(probe.durationSeconds).toBeGreaterThan(5.9);
    expect(probe.durationSeconds).toBeLessThan(6.2);
    expect((await new FfmpegTranscoder({ root }).probe('uploads/tiny.mp4')).hasAudio).toBe(false);
  });

  describe('ingest of an 854x480 clip', () => {
    const progress: number[] = [];
    let result: TranscodeResult;
    let outDir: string;

    beforeAll(async () => {
      const transcoder = new FfmpegTranscoder({ root });
      const probe = await transcoder.probe('uploads/clip.mp4');
      const job: TranscodeJob = { videoId: 'v1', sourceKey: 'uploads/clip.mp4', outputPrefix: 'videos/v1/hls/', settings: buildTranscodeSettings(probe) };
      result = await transcoder.transcode(job, (p) => progress.push(p));
      outDir = join(root, 'videos/v1/hls');
    });

    it('reports progress rising from 0 to 100', () => {
      expect(progress[0]).toBe(0);
      expect(progress.at(-1)).toBe(100);
      for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!);
    });

    it('writes a master playlist over two renditions with bandwidth, resolution and codecs', async () => {
      expect(result.masterKey).toBe('master.m3u8');
      expect(result.renditions.map((r) => [r.name, r.width, r.height])).toEqual([
        ['480p', 854, 480],
        ['360p', 640, 360],
      ]);
      const master = await readFile(join(outDir, 'master.m3u8'), 'utf8');
      const variants = [...master.matchAll(/#EXT-X-STREAM-INF:BANDWIDTH=(\d+),.*RESOLUTION=(\d+x\d+),.*CODECS="([^"]+)"\n(\S+)/g)];
      expect(variants.map((v) => [v[2], v[4]])).toEqual([
        ['854x480', 'master_480p.m3u8'],
        ['640x360', 'master_360p.m3u8'],
      ]);
      for (const [i, v] of variants.entries()) {
        expect(Number(v[1])).toBe(result.renditions[i]!.bitrate);
        expect(Number(v[1])).toBeGreaterThan(10_000);
        expect(v[3]).toMatch(/^avc1\.4d40[0-9a-f]{2},mp4a\.40\.2$/);
      }
    });

    it('cuts 4 second segments', async () => {
      const playlist = await readFile(join(outDir, 'master_480p.m3u8'), 'utf8');
      const durations = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));
      expect(durations).toHaveLength(2);
      expect(durations[0]).toBeCloseTo(4, 1);
      expect(playlist).toContain('master_480p_00001.ts');
    });

    it('writes a JPEG thumbnail of the configured size', async () => {
      const jpeg = await readFile(join(outDir, result.thumbnailKey));
      expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      const { stderrTail } = await runFfmpeg(bundledFfmpegPath, ['-hide_banner', '-i', join(outDir, result.thumbnailKey)], { allowFailure: true });
      expect(stderrTail).toMatch(/Video: mjpeg.*854x480/);
    });

    it('plays: the master playlist decodes back to the source duration', async () => {
      expect(result.durationSeconds).toBeCloseTo(6, 0);
      const seconds = await decodedSeconds(join(outDir, 'master.m3u8'));
      expect(Math.abs(seconds - 6)).toBeLessThan(0.25);
    });

    it('leaves no staging directory behind', async () => {
      expect(await readdir(join(root, 'videos/v1'))).toEqual(['hls']);
    });
  });

  it('refuses text, images, audio-only and empty files as not a video, and a missing file as NotFound', async () => {
    const transcoder = new FfmpegTranscoder({ root });
    await writeFile(join(root, 'uploads/notes.txt'), 'this is not a video\n');
    await writeFile(join(root, 'uploads/empty.mp4'), '');
    await runFfmpeg(bundledFfmpegPath, ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', join(root, 'uploads/still.png')]);
    await runFfmpeg(bundledFfmpegPath, ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', join(root, 'uploads/song.mp3')]);
    for (const key of ['uploads/notes.txt', 'uploads/empty.mp4', 'uploads/still.png', 'uploads/song.mp3']) {
      await expectNotAVideo(transcoder.probe(key));
    }
    const missing = await transcoder.probe('uploads/nope.mp4').catch((e: unknown) => e);
    expect(isDomainError(missing) && missing.errorType).toBe('NotFound');
    await expect(transcoder.probe('../outside.mp4')).rejects.toThrow(/escapes the media root/);
  });

  it('runs at most maxConcurrent transcodes; queued jobs start only when a slot frees', async () => {
    const transcoder = new FfmpegTranscoder({ root, maxConcurrent: 1 });
    const settings = buildTranscodeSettings(await transcoder.probe('uploads/tiny.mp4'));
    const events: string[] = [];
    const jobs = ['a', 'b', 'c'].map((name) =>
      transcoder
        .transcode({ videoId: name, sourceKey: 'uploads/tiny.mp4', outputPrefix: `videos/${name}/hls/`, settings }, (p) => {
          events.push(`${name}:${p}`);
          expect(transcoder.running).toBe(1);
        })
        .then(() => events.push(`${name}:done`)),
    );
    expect(transcoder.running).toBe(1);
    await Promise.all(jobs);
    const order = events.map((e) => e.split(':')[0]);
    // Each job's events form one contiguous run: no interleaving means no overlap.
    expect(order.filter((name, i) => name !== order[i - 1])).toEqual(['a', 'b', 'c']);
    expect(events.filter((e) => e.endsWith(':done'))).toEqual(['a:done', 'b:done', 'c:done']);
    expect(transcoder.running).toBe(0);

    const wider = new FfmpegTranscoder({ root, maxConcurrent: 2 });
    const two = ['d', 'e', 'f'].map((name) =>
      wider.transcode({ videoId: name, sourceKey: 'uploads/tiny.mp4', outputPrefix: `videos/${name}/hls/`, settings }, () => {
        expect(wider.running).toBeLessThanOrEqual(2);
      }),
    );
    expect(wider.running).toBe(2);
    await Promise.all(two);
  });

  it('a re-run replaces the package in place; a failed run keeps the previous one', async () => {
    const transcoder = new FfmpegTranscoder({ root });
    const settings = buildTranscodeSettings(await transcoder.probe('uploads/tiny.mp4'));
    const job: TranscodeJob = { videoId: 'r', sourceKey: 'uploads/tiny.mp4', outputPrefix: 'videos/r/hls/', settings };
    const first = await transcoder.transcode(job, () => {});
    const second = await transcoder.transcode(job, () => {});
    expect(second.renditions.map((r) => r.playlistKey)).toEqual(first.renditions.map((r) => r.playlistKey));
    const files = (await readdir(join(root, 'videos/r/hls'))).sort();
    expect(files).toEqual(['.transcode-job.json', 'master.m3u8', 'master_180p.m3u8', 'master_180p_00001.ts', 'thumbnail.0000000.jpg']);

    await copyFile(join(root, 'uploads/clip.mp4'), join(root, 'uploads/broken.mp4'));
    await writeFile(join(root, 'uploads/broken.mp4'), (await readFile(join(root, 'uploads/clip.mp4'))).subarray(0, 4096));
    await expect(transcoder.transcode({ ...job, sourceKey: 'uploads/broken.mp4' }, () => {})).rejects.toThrow(/ffmpeg exited/);
    expect((await readdir(join(root, 'videos/r'))).sort()).toEqual(['hls']);
    expect((await stat(join(root, 'videos/r/hls/master.m3u8'))).isFile()).toBe(true);
  });

  describe('as jobs (start/check), the way the ingest workflow drives it', () => {
    const pollUntilDone = async (transcoder: FfmpegTranscoder, jobId: string, job: TranscodeJob) => {
      const seen: TranscodeStatus[] = [];
      for (;;) {
        const status = await transcoder.check(jobId, job);
        seen.push(status);
        if (status.status !== 'RUNNING') return seen;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const tinyJob = async (videoId: string, sourceKey = 'uploads/tiny.mp4'): Promise<TranscodeJob> => {
      const settings = buildTranscodeSettings(await new FfmpegTranscoder({ root }).probe('uploads/tiny.mp4'));
      return { videoId, sourceKey, outputPrefix: `videos/${videoId}/hls/`, settings };
    };

    it('start is idempotent: the same source gives the same jobId and one encode', async () => {
      const transcoder = new FfmpegTranscoder({ root, maxConcurrent: 2 });
      const encodes = vi.spyOn(transcoder, 'transcode');
      const job = await tinyJob('j1');
      const first = await transcoder.start(job);
      const second = await transcoder.start(job);
      expect(second).toEqual(first);
      expect(first.jobId).toBe(ffmpegJobId(job));
      expect(ffmpegJobId({ ...job, sourceKey: 'uploads/clip.mp4' })).not.toBe(first.jobId);
      const seen = await pollUntilDone(transcoder, first.jobId, job);
      const done = seen.at(-1)!;
      expect(done.status).toBe('COMPLETE');
      if (done.status !== 'COMPLETE') return;
      expect(done.result).toMatchObject({ outputPrefix: 'videos/j1/hls/', masterKey: 'master.m3u8', renditions: [{ name: '180p' }] });
      const percents = seen.map((s) => s.percent);
      expect([...percents].sort((a, b) => a - b)).toEqual(percents);
      expect((await readdir(join(root, 'videos/j1'))).sort()).toEqual(['hls']);
      // Started again after it finished: the package is there, nothing is encoded.
      expect(await transcoder.start(job)).toEqual(first);
      expect(await transcoder.check(first.jobId, job)).toEqual(done);
      expect(encodes).toHaveBeenCalledTimes(1);
    });

    it('after a restart, an unknown job whose package is complete is COMPLETE; one that is not starts again', async () => {
      const job = await tinyJob('j2');
      const before = new FfmpegTranscoder({ root });
      const { jobId } = await before.start(job);
      const finished = (await pollUntilDone(before, jobId, job)).at(-1)!;
      expect(finished.status).toBe('COMPLETE');

      const restarted = new FfmpegTranscoder({ root });
      const encodes = vi.spyOn(restarted, 'transcode');
      expect(await restarted.check(jobId, job)).toEqual(finished);
      expect(await restarted.start(job)).toEqual({ jobId });
      expect(encodes).not.toHaveBeenCalled();

      // The same job on a video whose package never got written: the check launches it.
      const lost = await tinyJob('j3');
      const lostId = ffmpegJobId(lost);
      const fresh = new FfmpegTranscoder({ root });
      expect(await fresh.check(lostId, lost)).toEqual({ status: 'RUNNING', percent: 0 });
      expect((await pollUntilDone(fresh, lostId, lost)).at(-1)).toMatchObject({ status: 'COMPLETE', result: { outputPrefix: 'videos/j3/hls/' } });
      await expect(fresh.check(lostId, job)).rejects.toThrow(/is not the transcode of/);
    });

    it('an encode that fails is ERROR with the reason; starting it again tries again', async () => {
      const transcoder = new FfmpegTranscoder({ root });
      await writeFile(join(root, 'uploads/cut.mp4'), (await readFile(join(root, 'uploads/clip.mp4'))).subarray(0, 4096));
      const job = await tinyJob('j4', 'uploads/cut.mp4');
      const { jobId } = await transcoder.start(job);
      const failed = (await pollUntilDone(transcoder, jobId, job)).at(-1)!;
      expect(failed).toMatchObject({ status: 'ERROR', reason: expect.stringMatching(/ffmpeg exited/) });
      await copyFile(join(root, 'uploads/tiny.mp4'), join(root, 'uploads/cut.mp4'));
      expect(await transcoder.start(job)).toEqual({ jobId });
      expect((await pollUntilDone(transcoder, jobId, job)).at(-1)!.status).toBe('COMPLETE');
    });
  });
});
