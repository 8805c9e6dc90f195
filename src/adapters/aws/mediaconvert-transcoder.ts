import {
  CreateJobCommand,
  GetJobCommand,
  ProbeCommand,
  type CreateJobCommandOutput,
  type GetJobCommandOutput,
  type Job,
  type ProbeCommandOutput,
} from '@aws-sdk/client-mediaconvert';
import type { TranscodeJob, TranscodeResult, Transcoder, ProbeResult } from '../../ports/transcoder';
import { buildCreateJobInput } from './mediaconvert-job';
import { probeErrorFromMediaConvert, probeResultFromMediaConvert } from './mediaconvert-probe';

/** The slice of MediaConvertClient this adapter uses; a stub with `send` is enough in tests. */
export interface MediaConvertApi {
  send(command: CreateJobCommand): Promise<CreateJobCommandOutput>;
  send(command: GetJobCommand): Promise<GetJobCommandOutput>;
  send(command: ProbeCommand): Promise<ProbeCommandOutput>;
}

export interface MediaConvertTranscoderOptions {
  client: MediaConvertApi;
  /** Where sources are read (the uploads bucket). */
  bucket: string;
  /** Where the HLS package is written; defaults to `bucket`. */
  outputBucket?: string;
  roleArn: string;
  queueArn?: string;
  pollIntervalMs?: number;
  /** Give up waiting (the job keeps running in AWS) after this long. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type JobState =
  | { status: 'RUNNING'; percent: number }
  | { status: 'COMPLETE'; durationSeconds: number | undefined }
  | { status: 'FAILED'; reason: string };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * MediaConvert as a Transcoder: `transcode` = `startJob` + poll `checkJob` until it ends.
 * `startJob`/`checkJob` are public so a Step Functions Wait/Choice loop can drive the same job.
 */
export class MediaConvertTranscoder implements Transcoder {
  private readonly pollIntervalMs: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: MediaConvertTranscoderOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.maxWaitMs = options.maxWaitMs ?? 2 * 60 * 60 * 1000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async probe(sourceKey: string): Promise<ProbeResult> {
    let output: ProbeCommandOutput;
    try {
      output = await this.options.client.send(new ProbeCommand({ InputFiles: [{ FileUrl: this.s3Uri(sourceKey) }] }));
    } catch (error) {
      throw probeErrorFromMediaConvert(error, sourceKey);
    }
    return probeResultFromMediaConvert(output, sourceKey);
  }

  async startJob(job: TranscodeJob): Promise<string> {
    const input = buildCreateJobInput(job.settings, {
      videoId: job.videoId,
      sourceUri: this.s3Uri(job.sourceKey),
      destinationUri: this.s3Uri(job.outputPrefix, this.options.outputBucket),
      roleArn: this.options.roleArn,
      ...(this.options.queueArn ? { queueArn: this.options.queueArn } : {}),
    });
    const output = await this.options.client.send(new CreateJobCommand(input));
    const id = output.Job?.Id;
    if (!id) throw new Error(`MediaConvert CreateJob returned no job id for video ${job.videoId}`);
    return id;
  }

  async checkJob(jobId: string): Promise<JobState> {
    const output = await this.options.client.send(new GetJobCommand({ Id: jobId }));
    if (!output.Job) throw new Error(`MediaConvert GetJob returned no job for ${jobId}`);
    return jobState(output.Job);
  }

  async transcode(job: TranscodeJob, onProgress: (percent: number) => void): Promise<TranscodeResult> {
    const jobId = await this.startJob(job);
    const deadline = Date.now() + this.maxWaitMs;
    let reported = -1;
    const report = (percent: number) => {
      if (percent > reported) {
        reported = percent;
        onProgress(percent);
      }
    };
    for (;;) {
      const state = await this.checkJob(jobId);
      if (state.status === 'FAILED') throw new Error(`MediaConvert job ${jobId} failed: ${state.reason}`);
      if (state.status === 'COMPLETE') {
        report(100);
        return transcodeResultFromSettings(job, state.durationSeconds);
      }
      report(Math.min(99, state.percent));
      if (Date.now() >= deadline) throw new Error(`MediaConvert job ${jobId} still running after ${this.maxWaitMs} ms`);
      await this.sleep(this.pollIntervalMs);
    }
  }

  private s3Uri(key: string, bucket = this.options.bucket): string {
    return `s3://${bucket}/${key.replace(/^\/+/, '')}`;
  }
}

function jobState(job: Job): JobState {
  switch (job.Status) {
    case 'COMPLETE': {
      const ms = job.OutputGroupDetails?.[0]?.OutputDetails?.[0]?.DurationInMs;
      return { status: 'COMPLETE', durationSeconds: ms === undefined ? undefined : ms / 1000 };
    }
    case 'ERROR':
      return { status: 'FAILED', reason: `${job.ErrorCode ?? ''} ${job.ErrorMessage ?? 'unknown error'}`.trim() };
    case 'CANCELED':
      return { status: 'FAILED', reason: 'job was cancelled' };
    default:
      return { status: 'RUNNING', percent: job.JobPercentComplete ?? 0 };
  }
}

/** MediaConvert names its outputs from the settings, so the result follows from them. */
export function transcodeResultFromSettings(job: TranscodeJob, measuredDurationSeconds?: number): TranscodeResult {
  const { settings } = job;
  return {
    outputPrefix: job.outputPrefix,
    masterKey: settings.masterKey,
    renditions: settings.renditions.map((r) => ({
      name: r.name,
      width: r.width,
      height: r.height,
      bitrate: r.maxBitrate,
      playlistKey: r.playlistKey,
    })),
    durationSeconds: measuredDurationSeconds ?? settings.sourceDurationSeconds,
    thumbnailKey: settings.thumbnail.key,
  };
}
