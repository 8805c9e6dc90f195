import { createHash } from 'node:crypto';
import {
  CreateJobCommand,
  GetJobCommand,
  ProbeCommand,
  type CreateJobCommandOutput,
  type GetJobCommandOutput,
  type Job,
  type ProbeCommandOutput,
} from '@aws-sdk/client-mediaconvert';
import type { ProbeResult, TranscodeJob, TranscodeResult, TranscodeStatus, Transcoder } from '../../ports/transcoder';
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
}

/**
 * CreateJob's idempotency token for one source of one video (64 hex characters, the most
 * MediaConvert takes). MediaConvert answers a repeated token with the original job only within a
 * minute of it; that covers a retried StartTranscode. A later duplicate would need a second
 * execution for the same upload, which the per-upload execution name prevents.
 */
export function mediaConvertRequestToken(job: Pick<TranscodeJob, 'videoId' | 'sourceKey'>): string {
  return createHash('sha256').update(`${job.videoId}\n${job.sourceKey}`).digest('hex');
}

/**
 * MediaConvert as a Transcoder: `start` = CreateJob (idempotent by token), `check` = GetJob. The
 * workflow waits between checks, so no Lambda call lasts as long as the job.
 */
export class MediaConvertTranscoder implements Transcoder {
  constructor(private readonly options: MediaConvertTranscoderOptions) {}

  async probe(sourceKey: string): Promise<ProbeResult> {
    let output: ProbeCommandOutput;
    try {
      output = await this.options.client.send(new ProbeCommand({ InputFiles: [{ FileUrl: this.s3Uri(sourceKey) }] }));
    } catch (error) {
      throw probeErrorFromMediaConvert(error, sourceKey);
    }
    return probeResultFromMediaConvert(output, sourceKey);
  }

  async start(job: TranscodeJob): Promise<{ jobId: string }> {
    const input = buildCreateJobInput(job.settings, {
      videoId: job.videoId,
      sourceUri: this.s3Uri(job.sourceKey),
      destinationUri: this.s3Uri(job.outputPrefix, this.options.outputBucket),
      roleArn: this.options.roleArn,
      ...(this.options.queueArn ? { queueArn: this.options.queueArn } : {}),
    });
    const output = await this.options.client.send(
      new CreateJobCommand({ ...input, ClientRequestToken: mediaConvertRequestToken(job) }),
    );
    const id = output.Job?.Id;
    if (!id) throw new Error(`MediaConvert CreateJob returned no job id for video ${job.videoId}`);
    return { jobId: id };
  }

  async check(jobId: string, job: TranscodeJob): Promise<TranscodeStatus> {
    const output = await this.options.client.send(new GetJobCommand({ Id: jobId }));
    if (!output.Job) throw new Error(`MediaConvert GetJob returned no job for ${jobId}`);
    return jobStatus(jobId, output.Job, job);
  }

  private s3Uri(key: string, bucket = this.options.bucket): string {
    return `s3://${bucket}/${key.replace(/^\/+/, '')}`;
  }
}

function jobStatus(jobId: string, mcJob: Job, job: TranscodeJob): TranscodeStatus {
  const percent = Math.max(0, Math.min(99, Math.floor(mcJob.JobPercentComplete ?? 0)));
  switch (mcJob.Status) {
    case 'COMPLETE': {
      const ms = mcJob.OutputGroupDetails?.[0]?.OutputDetails?.[0]?.DurationInMs;
      return { status: 'COMPLETE', percent: 100, result: transcodeResultFromSettings(job, ms === undefined ? undefined : ms / 1000) };
    }
    case 'ERROR': {
      const detail = `${mcJob.ErrorCode ?? ''} ${mcJob.ErrorMessage ?? 'unknown error'}`.trim();
      return { status: 'ERROR', percent, reason: `MediaConvert job ${jobId} failed: ${detail}` };
    }
    case 'CANCELED':
      return { status: 'ERROR', percent, reason: `MediaConvert job ${jobId} was cancelled` };
    default:
      return { status: 'RUNNING', percent };
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
