import type { H264Level } from '../../ports/transcoder';

interface LevelLimits {
  level: H264Level;
  idc: number;
  maxMacroblocksPerSecond: number;
  maxFrameMacroblocks: number;
  maxBitrateMainProfile: number;
}

// ITU-T H.264 Table A-1 (Main profile bitrate limits).
const LEVELS: readonly LevelLimits[] = [
  { level: '3.0', idc: 30, maxMacroblocksPerSecond: 40_500, maxFrameMacroblocks: 1_620, maxBitrateMainProfile: 10_000_000 },
  { level: '3.1', idc: 31, maxMacroblocksPerSecond: 108_000, maxFrameMacroblocks: 3_600, maxBitrateMainProfile: 14_000_000 },
  { level: '3.2', idc: 32, maxMacroblocksPerSecond: 216_000, maxFrameMacroblocks: 5_120, maxBitrateMainProfile: 20_000_000 },
  { level: '4.0', idc: 40, maxMacroblocksPerSecond: 245_760, maxFrameMacroblocks: 8_192, maxBitrateMainProfile: 20_000_000 },
  { level: '4.1', idc: 41, maxMacroblocksPerSecond: 245_760, maxFrameMacroblocks: 8_192, maxBitrateMainProfile: 50_000_000 },
  { level: '4.2', idc: 42, maxMacroblocksPerSecond: 522_240, maxFrameMacroblocks: 8_704, maxBitrateMainProfile: 50_000_000 },
];

/** The lowest Main-profile level that fits the picture size, frame rate and bitrate ceiling. */
export function chooseH264Level(width: number, height: number, framesPerSecond: number, maxBitrate: number): LevelLimits {
  const frameMacroblocks = Math.ceil(width / 16) * Math.ceil(height / 16);
  const fits = LEVELS.find(
    (l) =>
      frameMacroblocks <= l.maxFrameMacroblocks &&
      frameMacroblocks * framesPerSecond <= l.maxMacroblocksPerSecond &&
      maxBitrate <= l.maxBitrateMainProfile,
  );
  return fits ?? LEVELS[LEVELS.length - 1]!;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** RFC 6381 codec string for H.264 Main profile (profile_idc 77, constraint_set1). */
export const h264MainCodecString = (levelIdc: number): string => `avc1.4d40${hex2(levelIdc)}`;

export const AAC_LC_CODEC_STRING = 'mp4a.40.2';
