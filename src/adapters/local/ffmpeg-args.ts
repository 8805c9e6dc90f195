import type { RenditionSettings, TranscodeSettings } from '../../ports/transcoder';

/**
 * MediaConvert's QVBR level (1–10) has no x264 twin; capped CRF is the closest behaviour
 * (quality-targeted, bounded by maxrate/bufsize). Level 7 ≈ CRF 23, x264's default.
 */
export const crfForQvbr = (qvbrQuality: number): number => Math.min(51, Math.max(0, 37 - 2 * qvbrQuality));

export const segmentPattern = (settings: TranscodeSettings, rendition: RenditionSettings): string =>
  `${settings.baseName}${rendition.nameModifier}_%05d.ts`;

export interface HlsArgsOptions {
  /** x264 speed/quality trade-off; `veryfast` suits a shared CPU. */
  preset?: string;
  /** x264 threads per encode; 0 lets x264 decide. */
  threads?: number;
}

/**
 * One ffmpeg run that decodes the source once, scales it per rung, and writes each rung as its
 * own HLS playlist (`<base><modifier>.m3u8`) — per-output `-f hls` instead of `var_stream_map`,
 * which lets us name files like MediaConvert does. The master playlist is written separately.
 */
export function buildHlsArgs(settings: TranscodeSettings, sourcePath: string, outDir: string, options: HlsArgsOptions = {}): string[] {
  const rungs = settings.renditions;
  const scaled = rungs.map((r, i) => `[s${i}]scale=${r.width}:${r.height},setsar=1[v${i}]`);
  const filter =
    rungs.length === 1
      ? `[0:v]scale=${rungs[0]!.width}:${rungs[0]!.height},setsar=1[v0]`
      : `[0:v]split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join('')};${scaled.join(';')}`;
  const rate = `${settings.frameRate.numerator}/${settings.frameRate.denominator}`;

  const args = ['-hide_banner', '-nostdin', '-y', '-nostats', '-loglevel', 'error', '-progress', 'pipe:1'];
  args.push('-i', sourcePath, '-filter_complex', filter);
  rungs.forEach((r, i) => {
    args.push('-map', `[v${i}]`);
    if (settings.audio) args.push('-map', '0:a:0');
    args.push(
      '-c:v', 'libx264',
      '-preset', options.preset ?? 'veryfast',
      '-threads', String(options.threads ?? 0),
      '-profile:v', r.h264Profile,
      '-level:v', r.h264Level,
      '-pix_fmt', 'yuv420p',
      '-crf', String(crfForQvbr(r.qvbrQuality)),
      '-maxrate', String(r.maxBitrate),
      '-bufsize', String(r.bufferSize),
      '-r', rate,
      '-g', String(settings.gopFrames),
      '-keyint_min', String(settings.gopFrames),
      '-sc_threshold', '0',
      '-flags', '+cgop',
    );
    if (settings.audio) {
      args.push(
        '-c:a', 'aac',
        '-b:a', String(settings.audio.bitrate),
        '-ac', String(settings.audio.channels),
        '-ar', String(settings.audio.sampleRate),
      );
    }
    args.push(
      '-f', 'hls',
      '-hls_time', String(settings.segmentSeconds),
      '-hls_playlist_type', 'vod',
      '-start_number', '1', // MediaConvert numbers segments from 00001 too
      '-hls_flags', 'independent_segments',
      '-hls_segment_filename', `${outDir}/${segmentPattern(settings, r)}`,
      `${outDir}/${r.playlistKey}`,
    );
  });
  return args;
}

export function buildThumbnailArgs(settings: TranscodeSettings, sourcePath: string, outDir: string): string[] {
  const thumb = settings.thumbnail;
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-ss', String(thumb.atSeconds),
    '-i', sourcePath,
    '-frames:v', '1',
    '-vf', `scale=${thumb.width}:${thumb.height},setsar=1`,
    '-q:v', '3',
    `${outDir}/${thumb.key}`,
  ];
}
