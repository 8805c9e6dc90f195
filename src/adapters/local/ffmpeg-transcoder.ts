import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { validation } from '../../domain/errors';
import type { ProbeResult, TranscodeJob, TranscodeResult, TranscodeStatus, Transcoder } from '../../ports/transcoder';
import { buildHlsArgs, buildThumbnailArgs } from './ffmpeg-args';
import { bundledFfmpegPath } from './ffmpeg-binary';
import { FfmpegJobs, ffmpegJobId } from './ffmpeg-jobs';
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

/** Written into the package before it is swapped in: which job made it, and its result. */
export const JOB_MARKER = '.transcode-job.json';

interface JobMarker {
  jobId: string;
  sourceKey: string;
  result: TranscodeResult;
}

/**
 * Local Transcoder: runs the bundled ffmpeg on files under `root`. The package is built in a
 * staging directory and swapped into `outputPrefix` at the end, so a failed or re-run job never
 * leaves a half-written package where players look. `start`/`check` run it as a background job
 * (see FfmpegJobs); `transcode` runs it to the end in the caller's promise (bench, tests).
 */
export class FfmpegTranscoder implements Transcoder {
  private readonly slots: Semaphore;
  private readonly ffmpeg: string;
  private readonly jobs: FfmpegJobs;
  private readonly stopping = new AbortController();

  constructor(private readonly options: FfmpegTranscoderOptions) {
    this.slots = new Semaphore(options.maxConcurrent ?? 1);
    this.ffmpeg = options.ffmpegPath ?? bundledFfmpegPath;
    this.jobs = new FfmpegJobs({
      run: (job, onProgress) => this.transcode(job, onProgress),
      finished: (job) => this.finishedResult(job),
    });
  }

  /** Transcodes running right now (at most `maxConcurrent`). */
  get running(): number {
    return this.slots.inUse;
  }

  async probe(sourceKey: string): Promise<ProbeResult> {
    return probeWithFfmpeg(this.ffmpeg, this.pathOf(sourceKey), sourceKey);
  }

  start(job: TranscodeJob): Promise<{ jobId: string }> {
    return this.jobs.start(job);
  }

  check(jobId: string, job: TranscodeJob): Promise<TranscodeStatus> {
    return this.jobs.check(jobId, job);
  }

  transcode(job: TranscodeJob, onProgress: (percent: number) => void): Promise<TranscodeResult> {
    return this.slots.run(() => this.transcodeNow(job, onProgress));
  }

  /** Kills running encodes (their staging is removed; the previous package stays). For shutdown. */
  close(): void {
    this.stopping.abort();
  }

  private async finishedResult(job: TranscodeJob): Promise<TranscodeResult | undefined> {
    const outDir = this.pathOf(job.outputPrefix);
    try {
      const marker = JSON.parse(await readFile(join(outDir, JOB_MARKER), 'utf8')) as Partial<JobMarker>;
      if (marker.jobId !== ffmpegJobId(job) || !marker.result) return undefined;
      return (await stat(join(outDir, marker.result.masterKey))).isFile() ? marker.result : undefined;
    } catch {
      return undefined;
    }
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
      const signal = this.stopping.signal;
      await runFfmpeg(this.ffmpeg, buildHlsArgs(settings, source, staging, this.options), {
        onStdoutLine: (line) => progress.readLine(line),
        signal,
      });
      await runFfmpeg(this.ffmpeg, buildThumbnailArgs(settings, source, staging), { signal });
      report(ENCODE_SHARE + 2);

      const measures = await Promise.all(settings.renditions.map((r) => measureRendition(staging, r)));
      const masterTmp = join(staging, `${settings.masterKey}.tmp`);
      await writeFile(masterTmp, buildMasterPlaylist(measures, settings.frameRate));
      await rename(masterTmp, join(staging, settings.masterKey));

      const result: TranscodeResult = {
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
      const marker: JobMarker = { jobId: ffmpegJobId(job), sourceKey: job.sourceKey, result };
      await writeFile(join(staging, JOB_MARKER), JSON.stringify(marker));

      await rm(outDir, { recursive: true, force: true });
      await rename(staging, outDir);
      report(100);
      return result;
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
