import { describe, expect, it } from 'vitest';
import { VIDEO_TRANSITIONS, videoDecider, type VideoEvent, type VideoPackage } from '../../src/domain/video';
import { given } from './given-when-then';

const details = { title: '茶の湯', description: '', access: 'ENTITLED' as const, featuredProductIds: ['TEA-SENCHA-100'] };
const created: VideoEvent = { type: 'VideoCreated', data: { videoId: 'v1', ...details } };
const KEY = 'videos/v1/source/a1';
const requested: VideoEvent = { type: 'VideoUploadRequested', data: { key: KEY, contentType: 'video/mp4', size: 100 } };
const uploaded: VideoEvent = { type: 'VideoUploaded', data: { sourceKey: KEY, size: 100 } };
const processing: VideoEvent = { type: 'VideoProcessingStarted', data: { sourceKey: KEY, renditions: ['480p', '360p'] } };
const pkg: VideoPackage = {
  outputPrefix: 'videos/v1/hls/',
  manifestKey: 'videos/v1/hls/master.m3u8',
  thumbnailKey: 'videos/v1/hls/thumbnail.0000001.jpg',
  renditions: [{ name: '480p', width: 640, height: 480, bitrate: 900_000 }],
  durationSeconds: 3,
};
const ready: VideoEvent = { type: 'VideoReady', data: { sourceKey: KEY, ...pkg } };
const failed: VideoEvent = { type: 'VideoFailed', data: { sourceKey: KEY, reason: 'not a video: x' } };

describe('video decider', () => {
  it('creates a video once, validating its details', () => {
    given(videoDecider).when({ type: 'CreateVideo', videoId: 'v1', details }).then([created]);
    given(videoDecider, [created]).when({ type: 'CreateVideo', videoId: 'v1', details }).thenThrows('Conflict');
    given(videoDecider).when({ type: 'CreateVideo', videoId: 'v1', details: { ...details, title: ' ' } }).thenThrows('ValidationError', /title/);
    given(videoDecider)
      .when({ type: 'CreateVideo', videoId: 'v1', details: { ...details, access: 'PAID' as never } })
      .thenThrows('ValidationError', /access/);
    given(videoDecider)
      .when({ type: 'CreateVideo', videoId: 'v1', details: { ...details, featuredProductIds: ['a', 'a'] } })
      .thenThrows('ValidationError', /twice/);
    given(videoDecider).when({ type: 'CreateVideo', videoId: '../x', details }).thenThrows('ValidationError');
  });

  it('updates only what changed', () => {
    given(videoDecider, [created]).when({ type: 'UpdateVideo', changes: { title: '茶の湯', access: 'FREE' } }).then([
      { type: 'VideoUpdated', data: { access: 'FREE' } },
    ]);
    given(videoDecider, [created]).when({ type: 'UpdateVideo', changes: { title: '茶の湯' } }).then([]);
    given(videoDecider).when({ type: 'UpdateVideo', changes: { title: 'x' } }).thenThrows('NotFound');
  });

  it('signs uploads of video types only, while there is no source yet or after a failure', () => {
    const request = { type: 'RequestUpload' as const, key: KEY, contentType: 'video/mp4', size: 100 };
    given(videoDecider, [created]).when(request).then([requested]);
    given(videoDecider, [created]).when({ ...request, contentType: 'application/pdf' }).thenThrows('ValidationError', /video type/);
    given(videoDecider, [created]).when({ ...request, size: 0 }).thenThrows('ValidationError', /size/);
    given(videoDecider, [created]).when({ ...request, size: 1.5 }).thenThrows('ValidationError', /size/);
    given(videoDecider, [created, requested, uploaded, processing]).when(request).thenThrows('Conflict', /PROCESSING/);
    given(videoDecider, [created, requested, uploaded, processing, failed]).when(request).then([requested]);
  });

  it('walks CREATED → UPLOADED → PROCESSING (progress) → READY, each step once', () => {
    given(videoDecider, [created, requested]).when({ type: 'RecordUpload', sourceKey: KEY, size: 100 }).then([uploaded]);
    given(videoDecider, [created, requested, uploaded]).when({ type: 'RecordUpload', sourceKey: KEY, size: 100 }).then([]);
    given(videoDecider, [created]).when({ type: 'RecordUpload', sourceKey: KEY, size: 1 }).thenThrows('ValidationError', /not an upload requested/);
    given(videoDecider, [created, requested, uploaded])
      .when({ type: 'StartProcessing', sourceKey: KEY, renditions: ['480p', '360p'] })
      .then([processing]);
    const progressing = given(videoDecider, [created, requested, uploaded, processing]);
    progressing.when({ type: 'RecordProgress', sourceKey: KEY, percent: 42.7 }).then([
      { type: 'VideoTranscodeProgressed', data: { sourceKey: KEY, percent: 42 } },
    ]);
    const at42: VideoEvent = { type: 'VideoTranscodeProgressed', data: { sourceKey: KEY, percent: 42 } };
    given(videoDecider, [created, requested, uploaded, processing, at42]).when({ type: 'RecordProgress', sourceKey: KEY, percent: 30 }).then([]);
    const state = progressing.when({ type: 'MarkReady', sourceKey: KEY, package: pkg }).then([ready]);
    expect(state).toMatchObject({ status: 'READY', progress: 100, package: pkg });
    given(videoDecider, [created, requested, uploaded, processing, ready]).when({ type: 'MarkReady', sourceKey: KEY, package: pkg }).then([]);
    given(videoDecider, [created, requested, uploaded]).when({ type: 'MarkReady', sourceKey: KEY, package: pkg }).thenThrows('Conflict');
  });

  it('fails with a reason, ignores late failures and steps about an older source', () => {
    const state = given(videoDecider, [created, requested, uploaded])
      .when({ type: 'MarkFailed', sourceKey: KEY, reason: 'not a video: x' })
      .then([failed]);
    expect(state).toMatchObject({ status: 'FAILED', failureReason: 'not a video: x' });
    given(videoDecider, [created, requested, uploaded, processing, ready]).when({ type: 'MarkFailed', sourceKey: KEY, reason: 'late' }).then([]);
    given(videoDecider, [created, requested, uploaded]).when({ type: 'MarkFailed', sourceKey: 'videos/v1/source/old', reason: 'x' }).then([]);
    given(videoDecider, [created, requested, uploaded]).when({ type: 'MarkReady', sourceKey: 'videos/v1/source/old', package: pkg }).then([]);
  });

  it('publishes only READY videos', () => {
    given(videoDecider, [created]).when({ type: 'PublishVideo' }).thenThrows('Conflict', /READY/);
    given(videoDecider, [created, requested, uploaded, processing, ready]).when({ type: 'PublishVideo' }).then([
      { type: 'VideoPublished', data: {} },
    ]);
    given(videoDecider, [created, requested, uploaded, processing, ready, { type: 'VideoPublished', data: {} }])
      .when({ type: 'PublishVideo' })
      .then([]);
  });

  it('has a transition table where READY is final and FAILED may take a new upload', () => {
    expect(VIDEO_TRANSITIONS.READY).toEqual([]);
    expect(VIDEO_TRANSITIONS.FAILED).toEqual(['UPLOADED']);
    expect(VIDEO_TRANSITIONS.CREATED).toEqual(['UPLOADED']);
  });
});
