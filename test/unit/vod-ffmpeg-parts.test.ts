import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors';
import { buildTranscodeSettings } from '../../src/app/vod/transcode-settings';
import { buildHlsArgs, buildThumbnailArgs, crfForQvbr } from '../../src/adapters/local/ffmpeg-args';
import { buildMasterPlaylist } from '../../src/adapters/local/ffmpeg-master-playlist';
import { parseFfmpegInputInfo } from '../../src/adapters/local/ffmpeg-probe';
import { FfmpegProgress } from '../../src/adapters/local/ffmpeg-progress';
import { Semaphore } from '../../src/adapters/local/ffmpeg-semaphore';

const phoneClip = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.mov':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 8000 kb/s
    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 1920x1080, 7800 kb/s, 29.97 fps, 29.97 tbr, 600 tbn, 1200 tbc (default)
    Metadata:
      rotate          : 90
      handler_name    : Core Media Video
    Side data:
      displaymatrix: rotation of -90.00 degrees
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 96 kb/s (default)
At least one output file must be specified`;

const mp3WithCover = `Input #0, mp3, from 'song.mp3':
  Duration: 00:03:00.00, start: 0.025057, bitrate: 128 kb/s
    Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 128 kb/s
    Stream #0:1: Video: mjpeg, yuvj420p(pc, bt470bg/unknown/unknown), 500x500 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn, 90k tbc (attached pic)
At least one output file must be specified`;

describe('parseFfmpegInputInfo', () => {
  it('reads duration, size (rotated to display orientation), rate, audio and codec', () => {
    expect(parseFfmpegInputInfo(phoneClip, 'in.mov')).toEqual({
      durationSeconds: 62.5,
      width: 1080,
      height: 1920,
      frameRate: 29.97,
      hasAudio: true,
      videoCodec: 'h264',
    });
  });

  it('does not mistake cover art or unreadable input for a video', () => {
    for (const stderr of [mp3WithCover, "x.bin: Invalid data found when processing input"]) {
      let caught: unknown;
      try {
        parseFfmpegInputInfo(stderr, 'x');
      } catch (e) {
        caught = e;
      }
      expect(isDomainError(caught) && caught.errorType).toBe('ValidationError');
      expect((caught as Error).message).toMatch(/^not a video: x/);
    }
  });
});

describe('FfmpegProgress', () => {
  it('turns out_time_ms into rising whole percentages of the share, ending at the share', () => {
    const seen: number[] = [];
    const progress = new FfmpegProgress(10, (p) => seen.push(p), 90);
    for (const line of ['frame=10', 'out_time_ms=2500000', 'progress=continue', 'out_time_ms=2500000', 'out_time_ms=N/A', 'out_time_ms=7000000', 'progress=end']) {
      progress.readLine(line);
    }
    expect(seen).toEqual([22, 63, 90]);
  });
});

describe('ffmpeg arguments from the shared settings', () => {
  const settings = buildTranscodeSettings({ durationSeconds: 60, width: 1280, height: 720, frameRate: 25, hasAudio: true, videoCodec: 'h264' });
  const args = buildHlsArgs(settings, '/media/in.mp4', '/media/out');
  const valuesOf = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));

  it('scales once per rung and writes one HLS output per rendition, named like MediaConvert', () => {
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:v]split=3[s0][s1][s2];[s0]scale=1280:720,setsar=1[v0];[s1]scale=854:480,setsar=1[v1];[s2]scale=640:360,setsar=1[v2]',
    );
    expect(valuesOf('-hls_segment_filename')).toEqual([
      '/media/out/master_720p_%05d.ts',
      '/media/out/master_480p_%05d.ts',
      '/media/out/master_360p_%05d.ts',
    ]);
    expect(args.filter((a) => a.endsWith('.m3u8'))).toEqual(settings.renditions.map((r) => `/media/out/${r.playlistKey}`));
  });

  it('carries segment length, GOP, rate caps, level and audio from the settings', () => {
    expect(valuesOf('-hls_time')).toEqual(['4', '4', '4']);
    expect(valuesOf('-g')).toEqual(['50', '50', '50']);
    expect(valuesOf('-sc_threshold')).toEqual(['0', '0', '0']);
    expect(valuesOf('-maxrate')).toEqual(settings.renditions.map((r) => String(r.maxBitrate)));
    expect(valuesOf('-bufsize')).toEqual(settings.renditions.map((r) => String(r.bufferSize)));
    expect(valuesOf('-level:v')).toEqual(settings.renditions.map((r) => r.h264Level));
    expect(valuesOf('-crf')).toEqual(settings.renditions.map((r) => String(crfForQvbr(r.qvbrQuality))));
    expect(valuesOf('-b:a')).toEqual(['128000', '128000', '128000']);
    expect(valuesOf('-map').filter((m) => m === '0:a:0')).toHaveLength(3);
  });

  it('maps no audio when the source has none, and uses no split for a single rung', () => {
    const silent = buildTranscodeSettings({ durationSeconds: 5, width: 320, height: 180, frameRate: 30, hasAudio: false, videoCodec: 'vp9' });
    const silentArgs = buildHlsArgs(silent, 'in', 'out');
    expect(silentArgs).not.toContain('-c:a');
    expect(silentArgs[silentArgs.indexOf('-filter_complex') + 1]).toBe('[0:v]scale=320:180,setsar=1[v0]');
  });

  it('captures the thumbnail at the settings time and size', () => {
    const thumb = buildThumbnailArgs(settings, 'in.mp4', 'out');
    expect(thumb[thumb.indexOf('-ss') + 1]).toBe('10');
    expect(thumb).toContain('scale=1280:720,setsar=1');
    expect(thumb.at(-1)).toBe('out/thumbnail.0000001.jpg');
  });

  it('writes a master playlist with BANDWIDTH, RESOLUTION and CODECS per rendition', () => {
    const master = buildMasterPlaylist(
      settings.renditions.map((rendition, i) => ({ rendition, durationSeconds: 60, peakBitsPerSecond: 3_000_000 - i, averageBitsPerSecond: 1_000 })),
      settings.frameRate,
    );
    expect(master.split('\n').slice(0, 5)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=1000,RESOLUTION=1280x720,FRAME-RATE=25.000,CODECS="avc1.4d401f,mp4a.40.2"',
      'master_720p.m3u8',
    ]);
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(3);
  });
});

describe('Semaphore', () => {
  it('admits at most the limit and hands slots over in arrival order', async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, () => {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    const runs = gates.map((gate, i) =>
      semaphore.run(async () => {
        started.push(i);
        active += 1;
        peak = Math.max(peak, active);
        await gate.promise;
        active -= 1;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(semaphore.inUse).toBe(0);
  });

  it('frees the slot when the work throws', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await semaphore.run(async () => 'next')).toBe('next');
  });
});
