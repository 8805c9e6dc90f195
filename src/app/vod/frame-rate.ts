import type { FrameRate } from '../../ports/transcoder';

const DEFAULT_FRAME_RATE: FrameRate = { numerator: 30, denominator: 1 };
const MAX_FRAMES_PER_SECOND = 60;

/**
 * Turns a measured rate (29.97, 25, 23.98…) into the exact fraction encoders expect; NTSC rates
 * become n*1000/1001. Unknown or absurd rates fall back to 30; rates above 60 are halved.
 */
export function toFrameRate(framesPerSecond: number): FrameRate {
  if (!Number.isFinite(framesPerSecond) || framesPerSecond < 1) return DEFAULT_FRAME_RATE;
  let fps = framesPerSecond;
  while (fps > MAX_FRAMES_PER_SECOND) fps /= 2;
  const ntscBase = Math.round((fps * 1001) / 1000);
  if (Math.abs((ntscBase * 1000) / 1001 - fps) < 0.01 && Math.abs(ntscBase - fps) > 0.001) {
    return { numerator: ntscBase * 1000, denominator: 1001 };
  }
  if (Math.abs(Math.round(fps) - fps) < 0.01) return { numerator: Math.round(fps), denominator: 1 };
  return { numerator: Math.round(fps * 1000), denominator: 1000 };
}

export const framesPerSecond = (rate: FrameRate): number => rate.numerator / rate.denominator;
