import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { validation } from '../../domain/errors';
import type { ProbeResult, TranscodeJob, TranscodeResult, Transcoder } from '../../ports/transcoder';
import { buildHlsArgs, buildThumbnailArgs } from './ffmpeg-args';
import { bundledFfmpegPath } from './ffmpeg-binary';
import { buildMasterPlaylist, measureRendition } from './ffmpeg-master-playlist';
import { runFfmpeg } from './ffmpeg-process';
import { FfmpegProgress } from './ffmpeg-progress';
import { probeWithFfmpeg } from './ffmpeg-probe';
import { Semaphore } from './ffmpeg-semaphore';

export interface FfmpegTranscoderOptions {
  /** Directory that blob keys (sources and output prefixes) are relative to. */
  root: string;
  /** How many transcodes may run at once; later ones queue. Default 1. */
  maxConcurrent?: number;
  ffmpegPath?: string;
  /** x264 preset, default `veryfast`. */
  preset?: string;
  /** x264 threads per encode, default 0 (auto). */
  threads?: number;
}

/** Share of the progress bar the encode takes; the thumbnail and master playlist finish it. */
const ENCODE_SHARE = 95;

/**
 * Local Transcoder: runs the bundled ffmpeg on files under `root`. The package is built in a
 * staging directory and swapped into `outputPrefix` at the end, so a failed or re-run job never
 * leaves a half-written package where players look.
 */
export class FfmpegTranscoder implements Transcoder {
  private readonly slots: Semaphore;
  private readonly ffmpeg: string;

  constructor(private readonly options: FfmpegTranscoderOptions) {
    this.slots = new Semaphore(options.maxConcurrent ?? 1);
    this.ffmpeg = options.ffmpegPath ?? bundledFfmpegPath;
  }

  /** Transcodes running right now (at most `maxConcurrent`). */
  get running(): number {
    return this.slots.inUse;
  }

  async probe(sourceKey: string): Promise<ProbeResult> {
    return probeWithFfmpeg(this.ffmpeg, this.pathOf(sourceKey), sourceKey);
  }

  transcode(job: TranscodeJob, onProgress: (percent: number) => void): Promise<TranscodeResult> {
    return this.slots.run(() => this.transcodeNow(job, onProgress));
  }

  private async transcodeNow(job: TranscodeJob, onProgress: (percent: number) => void): Promise<TranscodeResult> {
    const { settings } = job;
    const source = this.pathOf(job.sourceKey);
    const outDir = this.pathOf(job.outputPrefix);
    const staging = `${outDir.replace(/[/\\]+$/, '')}.staging-${randomUUID()}`;
    let lastReported = -1;
    const report = (percent: number) => {
      if (percent > lastReported) {
        lastReported = percent;
        onProgress(percent);
      }
    };

    await mkdir(staging, { recursive: true });
    try {
      report(0);
      const progress = new FfmpegProgress(settings.sourceDurationSeconds, report, ENCODE_SHARE);
      await runFfmpeg(this.ffmpeg, buildHlsArgs(settings, source, staging, this.options), {
        onStdoutLine: (line) => progress.readLine(line),
      });
      await runFfmpeg(this.ffmpeg, buildThumbnailArgs(settings, source, staging));
      report(ENCODE_SHARE + 2);

      const measures = await Promise.all(settings.renditions.map((r) => measureRendition(staging, r)));
      const masterTmp = join(staging, `${settings.masterKey}.tmp`);
      await writeFile(masterTmp, buildMasterPlaylist(measures, settings.frameRate));
      await rename(masterTmp, join(staging, settings.masterKey));

      await rm(outDir, { recursive: true, force: true });
      await rename(staging, outDir);
      report(100);
      return {
        outputPrefix: job.outputPrefix,
        masterKey: settings.masterKey,
        renditions: measures.map((m) => ({
          name: m.rendition.name,
          width: m.rendition.width,
          height: m.rendition.height,
          bitrate: m.peakBitsPerSecond,
          playlistKey: m.rendition.playlistKey,
        })),
        durationSeconds: measures[0]!.durationSeconds,
        thumbnailKey: settings.thumbnail.key,
      };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  private pathOf(key: string): string {
    const root = resolve(this.options.root);
    const path = resolve(root, key);
    const rel = relative(root, path);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw validation(`key escapes the media root: ${key}`);
    }
    return path;
  }
}
