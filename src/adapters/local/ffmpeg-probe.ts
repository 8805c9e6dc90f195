import { DomainError, validation } from '../../domain/errors';
import type { ProbeResult } from '../../ports/transcoder';
import { runFfmpeg } from './ffmpeg-process';

// Demuxers that open single images or text as a "video" stream.
const STILL_OR_TEXT_FORMATS = /^(tty|image2|[a-z0-9]+_pipe|gif|apng|webp_pipe)$/;
const STILL_OR_TEXT_CODECS = new Set(['ansi', 'bintext', 'xbin', 'idf', 'png', 'bmp', 'gif', 'webp', 'tiff', 'apng']);

/**
 * Reads the stream summary that `ffmpeg -i <file>` prints on stderr (the bundled build has no
 * ffprobe). Throws ValidationError 'not a video: …' for anything without a moving picture.
 */
export function parseFfmpegInputInfo(stderr: string, label: string): ProbeResult {
  const input = /Input #0, (.+?), from '/.exec(stderr);
  if (!input) {
    const reason = /: (Invalid data found when processing input|[^\n]*)\s*$/.exec(stderr.trim())?.[1] ?? 'unreadable';
    throw validation(`not a video: ${label}: ${reason}`);
  }
  const format = input[1]!;
  const videoLine = stderr
    .split('\n')
    .find((line) => /Stream #0:\d+.*: Video: /.test(line) && !line.includes('(attached pic)'));
  if (!videoLine) throw validation(`not a video: ${label} has no video stream (${format})`);

  const codec = /: Video: ([^\s,]+)/.exec(videoLine)![1]!.toLowerCase();
  if (STILL_OR_TEXT_FORMATS.test(format) || STILL_OR_TEXT_CODECS.has(codec)) {
    throw validation(`not a video: ${label} is a still image or text (${format}, ${codec})`);
  }
  const size = /\b(\d{2,5})x(\d{2,5})\b/.exec(videoLine);
  if (!size) throw validation(`not a video: ${label} has no picture size`);
  const durationSeconds = parseDuration(stderr);
  if (!(durationSeconds > 0)) throw validation(`not a video: ${label} has no duration`);

  const rotated = Math.abs(parseRotation(stderr)) % 180 === 90;
  const [w, h] = [Number(size[1]), Number(size[2])];
  return {
    durationSeconds,
    width: rotated ? h : w,
    height: rotated ? w : h,
    frameRate: parseFrameRate(videoLine),
    hasAudio: /Stream #0:\d+.*: Audio: /.test(stderr),
    videoCodec: codec,
  };
}

function parseDuration(stderr: string): number {
  const match = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  if (!match) return 0;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function parseFrameRate(videoLine: string): number {
  const fps = /([\d.]+) fps/.exec(videoLine) ?? /([\d.]+)k? tbr/.exec(videoLine);
  return fps ? Number(fps[1]) : 0;
}

function parseRotation(stderr: string): number {
  const tag = /^\s*rotate\s*:\s*(-?\d+)/m.exec(stderr);
  if (tag) return Number(tag[1]);
  const matrix = /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(stderr);
  return matrix ? Math.round(Number(matrix[1])) : 0;
}

export async function probeWithFfmpeg(binary: string, filePath: string, label: string): Promise<ProbeResult> {
  const { stderrTail } = await runFfmpeg(binary, ['-hide_banner', '-nostdin', '-i', filePath], { allowFailure: true });
  if (/No such file or directory/.test(stderrTail)) throw new DomainError('NotFound', `source not found: ${label}`);
  return parseFfmpegInputInfo(stderrTail, label);
}
