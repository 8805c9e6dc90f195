import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors';
import type { ProbeResult } from '../../src/ports/transcoder';
import { chooseLadder } from '../../src/app/vod/abr-ladder';
import { toFrameRate } from '../../src/app/vod/frame-rate';
import { chooseH264Level } from '../../src/app/vod/h264-level';
import { buildTranscodeSettings } from '../../src/app/vod/transcode-settings';

const probe = (width: number, height: number, extra: Partial<ProbeResult> = {}): ProbeResult => ({
  durationSeconds: 60,
  width,
  height,
  frameRate: 30,
  hasAudio: true,
  videoCodec: 'h264',
  ...extra,
});

const sizes = (w: number, h: number) => chooseLadder(w, h).map((r) => `${r.name}:${r.width}x${r.height}`);

describe('ABR ladder choice', () => {
  it('gives a 1080p source all four rungs', () => {
    expect(sizes(1920, 1080)).toEqual(['1080p:1920x1080', '720p:1280x720', '480p:854x480', '360p:640x360']);
  });

  it('caps a 4K source at 1080p', () => {
    expect(sizes(3840, 2160)).toEqual(['1080p:1920x1080', '720p:1280x720', '480p:854x480', '360p:640x360']);
  });

  it('gives a 720p source three rungs and never upscales', () => {
    expect(sizes(1280, 720)).toEqual(['720p:1280x720', '480p:854x480', '360p:640x360']);
  });

  it('gives a 400p source only the rungs below it', () => {
    const ladder = chooseLadder(712, 400);
    expect(ladder.map((r) => r.name)).toEqual(['360p']);
    expect(ladder.every((r) => r.width <= 712 && r.height <= 400)).toBe(true);
  });

  it('keeps a tiny source at its own size, rounded to even numbers', () => {
    const [only, ...rest] = chooseLadder(321, 241);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ width: 322, height: 242, name: '242p' });
    expect(only!.maxBitrate).toBeLessThan(1_000_000);
    expect(only!.maxBitrate).toBeGreaterThanOrEqual(300_000);
  });

  it('ladders a portrait source by its short side and keeps its shape', () => {
    expect(sizes(1080, 1920)).toEqual(['1080p:1080x1920', '720p:720x1280', '480p:480x854', '360p:360x640']);
  });

  it('keeps non-16:9 aspect ratios with even dimensions', () => {
    for (const rung of chooseLadder(1440, 1080)) {
      expect(rung.width % 2).toBe(0);
      expect(rung.height % 2).toBe(0);
      expect(rung.width / rung.height).toBeCloseTo(4 / 3, 1);
    }
  });
});

describe('frame rate and level', () => {
  it('recognises NTSC rates and integer rates', () => {
    expect(toFrameRate(29.97)).toEqual({ numerator: 30000, denominator: 1001 });
    expect(toFrameRate(23.976)).toEqual({ numerator: 24000, denominator: 1001 });
    expect(toFrameRate(25)).toEqual({ numerator: 25, denominator: 1 });
    expect(toFrameRate(120)).toEqual({ numerator: 60, denominator: 1 });
    expect(toFrameRate(0)).toEqual({ numerator: 30, denominator: 1 });
  });

  it('picks the lowest H.264 level that fits', () => {
    expect(chooseH264Level(640, 360, 30, 1_000_000).level).toBe('3.0');
    expect(chooseH264Level(1280, 720, 30, 3_500_000).level).toBe('3.1');
    expect(chooseH264Level(1920, 1080, 30, 6_000_000).level).toBe('4.0');
    expect(chooseH264Level(1920, 1080, 60, 6_000_000).level).toBe('4.2');
  });
});

describe('buildTranscodeSettings', () => {
  it('derives segments, GOP, audio, names and codecs from the probe', () => {
    const s = buildTranscodeSettings(probe(1920, 1080, { frameRate: 25 }));
    expect(s.segmentSeconds).toBe(4);
    expect(s.gopFrames).toBe(50);
    expect((s.segmentSeconds * 25) % s.gopFrames).toBe(0);
    expect(s.audio).toEqual({ codec: 'aac', bitrate: 128_000, sampleRate: 48_000, channels: 2 });
    expect(s.masterKey).toBe('master.m3u8');
    expect(s.renditions.map((r) => r.playlistKey)).toEqual([
      'master_1080p.m3u8',
      'master_720p.m3u8',
      'master_480p.m3u8',
      'master_360p.m3u8',
    ]);
    expect(s.renditions[0]!.codecs).toBe('avc1.4d4028,mp4a.40.2');
    expect(s.renditions[3]!.codecs).toBe('avc1.4d401e,mp4a.40.2');
    for (const r of s.renditions) expect(r.bufferSize).toBe(2 * r.maxBitrate);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('drops audio when the source has none', () => {
    const s = buildTranscodeSettings(probe(1280, 720, { hasAudio: false }));
    expect(s.audio).toBeNull();
    expect(s.renditions.every((r) => !r.codecs.includes('mp4a'))).toBe(true);
  });

  it('places the thumbnail a quarter in, capped at 10 s, and sizes it at most 1280 wide', () => {
    expect(buildTranscodeSettings(probe(1920, 1080)).thumbnail).toMatchObject({
      atSeconds: 10,
      width: 1280,
      height: 720,
      captureIndex: 1,
      key: 'thumbnail.0000001.jpg',
    });
    expect(buildTranscodeSettings(probe(640, 360, { durationSeconds: 8 })).thumbnail.atSeconds).toBe(2);
    const short = buildTranscodeSettings(probe(640, 360, { durationSeconds: 1.5 })).thumbnail;
    expect(short).toMatchObject({ atSeconds: 0, captureIndex: 0, key: 'thumbnail.0000000.jpg' });
  });

  it('refuses a probe without picture or duration as not a video', () => {
    for (const bad of [probe(0, 0), probe(640, 360, { durationSeconds: 0 })]) {
      try {
        buildTranscodeSettings(bad);
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e) && e.errorType).toBe('ValidationError');
        expect((e as Error).message).toMatch(/^not a video/);
      }
    }
  });
});
