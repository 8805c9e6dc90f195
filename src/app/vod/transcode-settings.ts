import { validation } from '../../domain/errors';
import type { ProbeResult, RenditionSettings, ThumbnailSettings, TranscodeSettings } from '../../ports/transcoder';
import { chooseLadder, toEven } from './abr-ladder';
import { framesPerSecond, toFrameRate } from './frame-rate';
import { AAC_LC_CODEC_STRING, chooseH264Level, h264MainCodecString } from './h264-level';

export const HLS_SEGMENT_SECONDS = 4;
/** Two GOPs per segment, so every segment starts on a keyframe. */
export const GOP_SECONDS = 2;
export const HLS_BASE_NAME = 'master';
export const THUMBNAIL_BASE_NAME = 'thumbnail';
const THUMBNAIL_MAX_WIDTH = 1280;
const AUDIO = { codec: 'aac', bitrate: 128_000, sampleRate: 48_000, channels: 2 } as const;

/** Builds the one settings object that drives both the MediaConvert and the ffmpeg adapter. */
export function buildTranscodeSettings(probe: ProbeResult): TranscodeSettings {
  if (!(probe.width > 0 && probe.height > 0)) throw validation('not a video: no picture size', { ...probe });
  if (!(probe.durationSeconds > 0)) throw validation('not a video: no duration', { ...probe });

  const frameRate = toFrameRate(probe.frameRate);
  const fps = framesPerSecond(frameRate);
  const renditions: RenditionSettings[] = chooseLadder(probe.width, probe.height).map((rung) => {
    const level = chooseH264Level(rung.width, rung.height, fps, rung.maxBitrate);
    const videoCodec = h264MainCodecString(level.idc);
    const nameModifier = `_${rung.name}`;
    return {
      name: rung.name,
      width: rung.width,
      height: rung.height,
      qvbrQuality: rung.qvbrQuality,
      maxBitrate: rung.maxBitrate,
      bufferSize: rung.maxBitrate * 2,
      h264Profile: 'main',
      h264Level: level.level,
      codecs: probe.hasAudio ? `${videoCodec},${AAC_LC_CODEC_STRING}` : videoCodec,
      nameModifier,
      playlistKey: `${HLS_BASE_NAME}${nameModifier}.m3u8`,
    };
  });

  return {
    version: 1,
    sourceDurationSeconds: probe.durationSeconds,
    segmentSeconds: HLS_SEGMENT_SECONDS,
    frameRate,
    gopFrames: Math.max(1, Math.round(fps * GOP_SECONDS)),
    baseName: HLS_BASE_NAME,
    masterKey: `${HLS_BASE_NAME}.m3u8`,
    renditions,
    audio: probe.hasAudio ? { ...AUDIO } : null,
    thumbnail: chooseThumbnail(probe, renditions),
  };
}

/**
 * A quarter of the way in (title cards and fades live at the start), at most 10 s, in whole
 * seconds because MediaConvert captures at multiples of 1/rate; very short clips use frame 0.
 */
function chooseThumbnail(probe: ProbeResult, renditions: RenditionSettings[]): ThumbnailSettings {
  const atSeconds = probe.durationSeconds >= 2 ? Math.min(10, Math.max(1, Math.floor(probe.durationSeconds / 4))) : 0;
  const captureIndex = atSeconds > 0 ? 1 : 0;
  const largest = renditions[0]!;
  const shrink = Math.min(1, THUMBNAIL_MAX_WIDTH / largest.width);
  return {
    atSeconds,
    width: toEven(largest.width * shrink),
    height: toEven(largest.height * shrink),
    captureIndex,
    baseName: THUMBNAIL_BASE_NAME,
    key: `${THUMBNAIL_BASE_NAME}.${String(captureIndex).padStart(7, '0')}.jpg`,
  };
}
