import {
  CreateJobCommand,
  GetJobCommand,
  MediaConvertClient,
  ProbeCommand,
  type CreateJobCommandInput,
  type Job,
  type ProbeCommandOutput,
} from '@aws-sdk/client-mediaconvert';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors';
import type { ProbeResult, TranscodeJob } from '../../src/ports/transcoder';
import { buildTranscodeSettings } from '../../src/app/vod/transcode-settings';
import { buildCreateJobInput } from '../../src/adapters/aws/mediaconvert-job';
import { MediaConvertTranscoder, mediaConvertRequestToken, type MediaConvertApi } from '../../src/adapters/aws/mediaconvert-transcoder';

const source: ProbeResult = { durationSeconds: 42, width: 1920, height: 1080, frameRate: 29.97, hasAudio: true, videoCodec: 'h264' };
const target = {
  videoId: 'vid-1',
  sourceUri: 's3://media-bucket/uploads/vid-1/source.mp4',
  destinationUri: 's3://media-bucket/videos/vid-1/hls/',
  roleArn: 'arn:aws:iam::123456789012:role/MediaConvertRole',
};

describe('buildCreateJobInput', () => {
  const input = buildCreateJobInput(buildTranscodeSettings(source), target);
  const [hls, thumbnail] = input.Settings!.OutputGroups!;

  it('carries role, metadata and the S3 source', () => {
    expect(input.Role).toBe(target.roleArn);
    expect(input.UserMetadata).toEqual({ videoId: 'vid-1' });
    expect(input.Settings!.Inputs![0]!.FileInput).toBe(target.sourceUri);
    expect(input.Settings!.Inputs![0]!.AudioSelectors).toBeDefined();
  });

  it('writes an HLS group with 4 s segments into the output prefix', () => {
    const group = hls!.OutputGroupSettings!;
    expect(group.Type).toBe('HLS_GROUP_SETTINGS');
    expect(group.HlsGroupSettings).toMatchObject({
      SegmentLength: 4,
      Destination: 's3://media-bucket/videos/vid-1/hls/master',
      CodecSpecification: 'RFC_6381',
    });
    expect(hls!.Outputs!.map((o) => o.NameModifier)).toEqual(['_1080p', '_720p', '_480p', '_360p']);
  });

  it('encodes every rung as QVBR H.264 with a ceiling, GOP aligned to segments, plus AAC 128k', () => {
    for (const output of hls!.Outputs!) {
      const h264 = output.VideoDescription!.CodecSettings!.H264Settings!;
      expect(output.VideoDescription!.CodecSettings!.Codec).toBe('H_264');
      expect(h264.RateControlMode).toBe('QVBR');
      expect(h264.QvbrSettings!.QvbrQualityLevel).toBeGreaterThanOrEqual(6);
      expect(h264.MaxBitrate).toBeGreaterThan(0);
      expect(h264).toMatchObject({ GopSizeUnits: 'FRAMES', GopSize: 60, FramerateNumerator: 30000, FramerateDenominator: 1001 });
      const aac = output.AudioDescriptions![0]!.CodecSettings!;
      expect(aac.Codec).toBe('AAC');
      expect(aac.AacSettings).toMatchObject({ Bitrate: 128_000, SampleRate: 48_000, CodingMode: 'CODING_MODE_2_0' });
    }
    const sizes = hls!.Outputs!.map((o) => `${o.VideoDescription!.Width}x${o.VideoDescription!.Height}`);
    expect(sizes).toEqual(['1920x1080', '1280x720', '854x480', '640x360']);
    expect(hls!.Outputs![0]!.VideoDescription!.CodecSettings!.H264Settings!.CodecLevel).toBe('LEVEL_4');
  });

  it('adds a frame-capture group whose second capture is the thumbnail frame', () => {
    expect(thumbnail!.OutputGroupSettings).toEqual({
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: { Destination: 's3://media-bucket/videos/vid-1/hls/thumbnail' },
    });
    const video = thumbnail!.Outputs![0]!.VideoDescription!;
    expect(video.CodecSettings!.Codec).toBe('FRAME_CAPTURE');
    expect(video.CodecSettings!.FrameCaptureSettings).toMatchObject({ FramerateNumerator: 1, FramerateDenominator: 10, MaxCaptures: 2 });
    expect([video.Width, video.Height]).toEqual([1280, 720]);
  });

  it('follows the source size: a 720p source without audio gets 3 rungs and no audio', () => {
    const small = buildCreateJobInput(buildTranscodeSettings({ ...source, width: 1280, height: 720, hasAudio: false }), target);
    const outputs = small.Settings!.OutputGroups![0]!.Outputs!;
    expect(outputs).toHaveLength(3);
    expect(outputs.some((o) => o.AudioDescriptions)).toBe(false);
    expect(small.Settings!.Inputs![0]!.AudioSelectors).toBeUndefined();
  });
});

type Sent = CreateJobCommand | GetJobCommand | ProbeCommand;

function stubClient(jobs: Job[], probe?: ProbeCommandOutput | Error) {
  const sent: Sent[] = [];
  const created = new Map<string, string>();
  const send = async (command: Sent): Promise<unknown> => {
    sent.push(command);
    if (command instanceof CreateJobCommand) {
      // MediaConvert answers a repeated ClientRequestToken with the job it already created.
      const token = command.input.ClientRequestToken ?? `untokened-${sent.length}`;
      if (!created.has(token)) created.set(token, created.size === 0 ? 'job-123' : `job-${created.size + 123}`);
      return { Job: { Id: created.get(token), Status: 'SUBMITTED' } };
    }
    if (command instanceof GetJobCommand) return { Job: jobs.shift() };
    if (probe instanceof Error) throw probe;
    return probe;
  };
  return { client: { send } as unknown as MediaConvertApi, sent, created };
}

const job: TranscodeJob = {
  videoId: 'vid-1',
  sourceKey: 'uploads/vid-1/source.mp4',
  outputPrefix: 'videos/vid-1/hls/',
  settings: buildTranscodeSettings(source),
};

describe('MediaConvertTranscoder', () => {
  it('accepts a real MediaConvertClient as its client', () => {
    const client: MediaConvertApi = new MediaConvertClient({ region: 'us-east-1' });
    expect(typeof client.send).toBe('function');
  });

  it('starts the job with a ClientRequestToken of video and source: a second start gets the same job', async () => {
    const { client, sent, created } = stubClient([]);
    const transcoder = new MediaConvertTranscoder({ client, bucket: 'media-bucket', roleArn: target.roleArn });
    const first = await transcoder.start(job);
    const again = await transcoder.start(job);
    expect(first).toEqual({ jobId: 'job-123' });
    expect(again).toEqual(first);
    expect(created.size).toBe(1);

    const createInput: CreateJobCommandInput = (sent[0] as CreateJobCommand).input;
    const token = createHash('sha256').update('vid-1\nuploads/vid-1/source.mp4').digest('hex');
    expect(createInput.ClientRequestToken).toBe(token);
    expect(createInput.ClientRequestToken).toHaveLength(64);
    expect((sent[1] as CreateJobCommand).input.ClientRequestToken).toBe(token);
    expect(createInput.Settings!.Inputs![0]!.FileInput).toBe('s3://media-bucket/uploads/vid-1/source.mp4');
    expect(createInput.Settings!.OutputGroups![0]!.OutputGroupSettings!.HlsGroupSettings!.Destination).toBe(
      's3://media-bucket/videos/vid-1/hls/master',
    );

    // Another upload of the same video is another source, so another job.
    expect(mediaConvertRequestToken({ videoId: 'vid-1', sourceKey: 'uploads/vid-1/other.mp4' })).not.toBe(token);
    expect(await transcoder.start({ ...job, sourceKey: 'uploads/vid-1/other.mp4' })).not.toEqual(first);
    expect(created.size).toBe(2);
  });

  it('checks the job with GetJob: RUNNING below 100 while it runs, COMPLETE with the result from the settings', async () => {
    const { client, sent } = stubClient([
      { Status: 'SUBMITTED' } as Job,
      { Status: 'PROGRESSING', JobPercentComplete: 70 } as Job,
      { Status: 'PROGRESSING', JobPercentComplete: 100 } as Job,
      { Status: 'COMPLETE', OutputGroupDetails: [{ OutputDetails: [{ DurationInMs: 41_960 }] }] } as Job,
    ]);
    const transcoder = new MediaConvertTranscoder({ client, bucket: 'media-bucket', roleArn: target.roleArn });
    expect(await transcoder.check('job-123', job)).toEqual({ status: 'RUNNING', percent: 0 });
    expect(await transcoder.check('job-123', job)).toEqual({ status: 'RUNNING', percent: 70 });
    expect(await transcoder.check('job-123', job)).toEqual({ status: 'RUNNING', percent: 99 });
    const done = await transcoder.check('job-123', job);
    expect((sent[0] as GetJobCommand).input).toEqual({ Id: 'job-123' });
    expect(done.status).toBe('COMPLETE');
    if (done.status !== 'COMPLETE') return;
    expect(done.percent).toBe(100);
    expect(done.result).toMatchObject({
      outputPrefix: 'videos/vid-1/hls/',
      masterKey: 'master.m3u8',
      durationSeconds: 41.96,
      thumbnailKey: 'thumbnail.0000001.jpg',
    });
    expect(done.result.renditions.map((r) => r.playlistKey)).toEqual(job.settings.renditions.map((r) => r.playlistKey));
  });

  it('reports a job MediaConvert ended in ERROR or that was cancelled as ERROR with the reason', async () => {
    const { client } = stubClient([
      { Status: 'ERROR', ErrorCode: 1010, ErrorMessage: 'Bad input', JobPercentComplete: 12 } as Job,
      { Status: 'CANCELED' } as Job,
    ]);
    const transcoder = new MediaConvertTranscoder({ client, bucket: 'b', roleArn: 'r' });
    expect(await transcoder.check('job-123', job)).toEqual({
      status: 'ERROR',
      percent: 12,
      reason: 'MediaConvert job job-123 failed: 1010 Bad input',
    });
    expect(await transcoder.check('job-123', job)).toMatchObject({ status: 'ERROR', reason: 'MediaConvert job job-123 was cancelled' });
  });

  it('probes through MediaConvert Probe and reads size, rotation, audio and duration', async () => {
    const { client, sent } = stubClient([], {
      ProbeResults: [
        {
          Container: {
            Duration: 12.5,
            Format: 'mp4',
            Tracks: [
              {
                TrackType: 'video',
                Codec: 'AVC',
                VideoProperties: { Width: 1920, Height: 1080, FrameRate: { Numerator: 30000, Denominator: 1001 }, CodecMetadata: { Rotation: 90 } },
              },
              { TrackType: 'audio', Codec: 'AAC' },
            ],
          },
        },
      ],
    } as ProbeCommandOutput);
    const transcoder = new MediaConvertTranscoder({ client, bucket: 'media-bucket', roleArn: 'r' });
    const probe = await transcoder.probe('uploads/x.mov');
    expect((sent[0] as ProbeCommand).input).toEqual({ InputFiles: [{ FileUrl: 's3://media-bucket/uploads/x.mov' }] });
    expect(probe).toEqual({ durationSeconds: 12.5, width: 1080, height: 1920, frameRate: 30000 / 1001, hasAudio: true, videoCodec: 'avc' });
  });

  it('reports a file without a video track, or one Probe rejects, as not a video', async () => {
    const audioOnly = { ProbeResults: [{ Container: { Duration: 3, Format: 'mp3', Tracks: [{ TrackType: 'audio' }] } }] };
    const rejected = Object.assign(new Error('Unsupported file'), { name: 'BadRequestException' });
    for (const answer of [audioOnly as ProbeCommandOutput, rejected]) {
      const transcoder = new MediaConvertTranscoder({ client: stubClient([], answer).client, bucket: 'b', roleArn: 'r' });
      const error = await transcoder.probe('uploads/song.mp3').catch((e: unknown) => e);
      expect(isDomainError(error) && error.errorType).toBe('ValidationError');
      expect((error as Error).message).toMatch(/^not a video: uploads\/song\.mp3/);
    }
  });
});
