import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrameRate, RenditionSettings } from '../../ports/transcoder';

export interface RenditionMeasure {
  rendition: RenditionSettings;
  durationSeconds: number;
  peakBitsPerSecond: number;
  averageBitsPerSecond: number;
}

/**
 * Measures a rendition from its media playlist: segment durations from #EXTINF, sizes from the
 * file system (the segments themselves are never read).
 */
export async function measureRendition(dir: string, rendition: RenditionSettings): Promise<RenditionMeasure> {
  const playlist = await readFile(join(dir, rendition.playlistKey), 'utf8');
  const lines = playlist.split('\n').map((l) => l.trim());
  let durationSeconds = 0;
  let totalBits = 0;
  let peakBitsPerSecond = 0;
  for (let i = 0; i < lines.length; i++) {
    const extinf = /^#EXTINF:([\d.]+)/.exec(lines[i]!);
    if (!extinf) continue;
    const segmentDuration = Number(extinf[1]);
    const uri = lines.slice(i + 1).find((l) => l !== '' && !l.startsWith('#'));
    if (!uri) break;
    const bits = (await stat(join(dir, uri))).size * 8;
    durationSeconds += segmentDuration;
    totalBits += bits;
    if (segmentDuration > 0) peakBitsPerSecond = Math.max(peakBitsPerSecond, bits / segmentDuration);
  }
  if (durationSeconds === 0) throw new Error(`rendition playlist ${rendition.playlistKey} lists no segments`);
  return {
    rendition,
    durationSeconds,
    peakBitsPerSecond: Math.ceil(peakBitsPerSecond),
    averageBitsPerSecond: Math.ceil(totalBits / durationSeconds),
  };
}

/** The multi-variant playlist the bundled ffmpeg cannot write itself (-master_pl_name segfaults). */
export function buildMasterPlaylist(measures: readonly RenditionMeasure[], frameRate: FrameRate): string {
  const fps = (frameRate.numerator / frameRate.denominator).toFixed(3);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const m of measures) {
    const r = m.rendition;
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${m.peakBitsPerSecond},AVERAGE-BANDWIDTH=${m.averageBitsPerSecond},` +
        `RESOLUTION=${r.width}x${r.height},FRAME-RATE=${fps},CODECS="${r.codecs}"`,
      r.playlistKey,
    );
  }
  return `${lines.join('\n')}\n`;
}
