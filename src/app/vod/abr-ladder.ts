/** A rung the platform may offer, named by the short side of the picture (height for landscape). */
export interface LadderRung {
  name: string;
  shortSide: number;
  qvbrQuality: number;
  maxBitrate: number;
}

export const STANDARD_LADDER: readonly LadderRung[] = [
  { name: '1080p', shortSide: 1080, qvbrQuality: 8, maxBitrate: 6_000_000 },
  { name: '720p', shortSide: 720, qvbrQuality: 7, maxBitrate: 3_500_000 },
  { name: '480p', shortSide: 480, qvbrQuality: 7, maxBitrate: 1_800_000 },
  { name: '360p', shortSide: 360, qvbrQuality: 7, maxBitrate: 1_000_000 },
];

const MIN_SMALL_SOURCE_BITRATE = 300_000;

export interface ChosenRung {
  name: string;
  width: number;
  height: number;
  qvbrQuality: number;
  maxBitrate: number;
}

export const toEven = (n: number): number => Math.max(2, 2 * Math.round(n / 2));

/**
 * Picks the rungs that do not upscale the source, keeping its aspect ratio (portrait sources are
 * laddered by their short side too). A source smaller than the lowest rung gets one rung at its
 * own size, rounded to even dimensions, with a bitrate ceiling scaled by its pixel count.
 */
export function chooseLadder(sourceWidth: number, sourceHeight: number): ChosenRung[] {
  const shortSide = Math.min(sourceWidth, sourceHeight);
  const scaled = (rungShortSide: number) => {
    const factor = rungShortSide / shortSide;
    return { width: toEven(sourceWidth * factor), height: toEven(sourceHeight * factor) };
  };
  const fitting = STANDARD_LADDER.filter((rung) => rung.shortSide <= shortSide);
  if (fitting.length > 0) {
    return fitting.map((rung) => ({
      name: rung.name,
      ...scaled(rung.shortSide),
      qvbrQuality: rung.qvbrQuality,
      maxBitrate: rung.maxBitrate,
    }));
  }
  const lowest = STANDARD_LADDER[STANDARD_LADDER.length - 1]!;
  const width = toEven(sourceWidth);
  const height = toEven(sourceHeight);
  const lowestPixels = (lowest.shortSide * 16) / 9 * lowest.shortSide;
  const maxBitrate = Math.max(
    MIN_SMALL_SOURCE_BITRATE,
    Math.round(((lowest.maxBitrate * width * height) / lowestPixels) / 1000) * 1000,
  );
  return [{ name: `${Math.min(width, height)}p`, width, height, qvbrQuality: lowest.qvbrQuality, maxBitrate }];
}
