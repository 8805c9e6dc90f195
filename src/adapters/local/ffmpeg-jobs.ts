import { createHash } from 'node:crypto';
import { validation } from '../../domain/errors';
import type { TranscodeJob, TranscodeResult, TranscodeStatus } from '../../ports/transcoder';

/** The same source of the same video is always the same job, across calls and restarts. */
export function ffmpegJobId(job: Pick<TranscodeJob, 'videoId' | 'sourceKey'>): string {
  return `ffmpeg-${createHash('sha256').update(`${job.videoId}\n${job.sourceKey}`).digest('hex').slice(0, 32)}`;
}

export interface JobRunner {
  /** Encodes the package (queued behind the concurrency limit), reporting percentages. */
  run(job: TranscodeJob, onProgress: (percent: number) => void): Promise<TranscodeResult>;
  /** The result of an earlier, complete run of this job whose package is in place, if any. */
  finished(job: TranscodeJob): Promise<TranscodeResult | undefined>;
}

interface Entry {
  state: TranscodeStatus;
  /** Settles once it is known whether an earlier run already finished the package. */
  readonly looked: Promise<void>;
}

/**
 * In-process transcode jobs keyed by `ffmpegJobId`. A job runs in the background; `check` reads
 * its state. Jobs live in memory only: after a restart an unknown job is either found complete on
 * disk or started again, so the workflow that polls it always gets to an end.
 */
export class FfmpegJobs {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly runner: JobRunner) {}

  async start(job: TranscodeJob): Promise<{ jobId: string }> {
    const jobId = ffmpegJobId(job);
    const known = this.jobs.get(jobId);
    // A start after ERROR is a re-run of a failed ingest: try again.
    const entry = !known || known.state.status === 'ERROR' ? this.launch(jobId, job) : known;
    await entry.looked;
    return { jobId };
  }

  async check(jobId: string, job: TranscodeJob): Promise<TranscodeStatus> {
    if (jobId !== ffmpegJobId(job)) throw validation(`job ${jobId} is not the transcode of ${job.sourceKey}`);
    const entry = this.jobs.get(jobId) ?? this.launch(jobId, job);
    await entry.looked;
    return entry.state;
  }

  private launch(jobId: string, job: TranscodeJob): Entry {
    let looked!: () => void;
    const entry: Entry = { state: { status: 'RUNNING', percent: 0 }, looked: new Promise<void>((resolve) => (looked = resolve)) };
    this.jobs.set(jobId, entry);
    const progress = (percent: number) => {
      const whole = Math.min(99, Math.floor(percent));
      if (entry.state.status === 'RUNNING' && whole > entry.state.percent) entry.state = { status: 'RUNNING', percent: whole };
    };
    void (async () => {
      try {
        const previous = await this.runner.finished(job);
        looked();
        const result = previous ?? (await this.runner.run(job, progress));
        entry.state = { status: 'COMPLETE', percent: 100, result };
      } catch (error) {
        entry.state = { status: 'ERROR', percent: entry.state.percent, reason: error instanceof Error ? error.message : String(error) };
      } finally {
        looked();
      }
    })();
    return entry;
  }
}
