import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AslWorkflows } from '../../src/adapters/local/asl-engine';
import { FfmpegTranscoder } from '../../src/adapters/local/ffmpeg-transcoder';
import { openDatabase, type SqliteDb } from '../../src/adapters/local/sqlite';
import { SqliteEventStore } from '../../src/adapters/local/sqlite-event-store';
import { CommandHandler } from '../../src/app/command-handler';
import { ingestStartFor } from '../../src/app/vod/ingest-keys';
import { ingestTasks } from '../../src/app/vod/ingest-tasks';
import { validation } from '../../src/domain/errors';
import { videoDecider, videoStream } from '../../src/domain/video';
import { systemClock } from '../../src/ports/clock';
import type { ProbeResult, TranscodeJob, TranscodeResult, TranscodeStatus, Transcoder } from '../../src/ports/transcoder';
import { VIDEO_INGEST_ASL } from '../../src/server/vod-local';
import { generateClip } from '../support/vod-clips';

const PROBE: ProbeResult = { durationSeconds: 3, width: 640, height: 480, frameRate: 25, hasAudio: true, videoCodec: 'h264' };

interface Script {
  probe?: () => ProbeResult;
  /** The first this many starts / checks throw a transient error. */
  failStarts?: number;
  failChecks?: number;
  /** What successive checks of a job report while RUNNING, before it ends. */
  progress?: number[];
  /** The job ends in ERROR with this reason instead of COMPLETE. */
  error?: string;
}

/** A remote-style transcoder: start creates a job once per source, each check moves it on. */
class ScriptedTranscoder implements Transcoder {
  probes = 0;
  starts = 0;
  checks = 0;
  readonly jobs = new Map<string, number>();
  constructor(private readonly script: Script = {}) {}
  async probe(): Promise<ProbeResult> {
    this.probes++;
    return this.script.probe ? this.script.probe() : PROBE;
  }
  async start(job: TranscodeJob): Promise<{ jobId: string }> {
    this.starts++;
    if (this.starts <= (this.script.failStarts ?? 0)) throw new Error('CreateJob throttled (transient)');
    const jobId = `job:${job.videoId}:${job.sourceKey}`;
    if (!this.jobs.has(jobId)) this.jobs.set(jobId, 0);
    return { jobId };
  }
  async check(jobId: string, job: TranscodeJob): Promise<TranscodeStatus> {
    this.checks++;
    if (this.checks <= (this.script.failChecks ?? 0)) throw new Error('GetJob timed out (transient)');
    const polled = this.jobs.get(jobId);
    if (polled === undefined) throw new Error(`unknown job ${jobId}`);
    this.jobs.set(jobId, polled + 1);
    const progress = this.script.progress ?? [0, 3, 20, 21, 50, 80];
    if (polled < progress.length) return { status: 'RUNNING', percent: progress[polled]! };
    if (this.script.error) return { status: 'ERROR', percent: progress.at(-1) ?? 0, reason: this.script.error };
    return { status: 'COMPLETE', percent: 100, result: resultOf(job) };
  }
}

const resultOf = (job: TranscodeJob): TranscodeResult => ({
  outputPrefix: job.outputPrefix,
  masterKey: 'master.m3u8',
  thumbnailKey: 'thumbnail.0000001.jpg',
  durationSeconds: 3,
  renditions: job.settings.renditions.map((r) => ({ name: r.name, width: r.width, height: r.height, bitrate: 1, playlistKey: r.playlistKey })),
});

describe('video-ingest.asl.json on the local engine', () => {
  let dir: string;
  let db: SqliteDb;
  let events: SqliteEventStore;
  let commands: CommandHandler;
  let workflows: AslWorkflows | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'marquee-ingest-'));
    db = openDatabase(join(dir, 'test.db'));
    events = new SqliteEventStore(db);
    commands = new CommandHandler(events, systemClock);
  });
  afterEach(async () => {
    await workflows?.close();
    await events.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Waits and retries shortened to 1 ms unless `realWaits`, which keeps the machine's own Wait. */
  const engine = (transcoder: Transcoder, { pollSeconds = 15, realWaits = false } = {}) =>
    (workflows = new AslWorkflows({
      db,
      machines: { 'video-ingest': VIDEO_INGEST_ASL },
      tasks: ingestTasks({ commands, transcoder, pollSeconds }),
      retryIntervalMs: 1,
      ...(realWaits ? {} : { waitTimeMs: 1 }),
    }));
  const entered = async (name: string, state: string) =>
    (await workflows!.history(name)).filter((e) => e.type === 'StateEntered' && e.stateName === state).length;

  async function uploadedVideo(videoId: string, uploadId = 'u1') {
    const key = `videos/${videoId}/source/${uploadId}`;
    const details = { title: 'clip', description: '', access: 'FREE' as const, featuredProductIds: [] };
    await commands.handle(videoDecider, videoStream(videoId), { type: 'CreateVideo', videoId, details });
    await commands.handle(videoDecider, videoStream(videoId), { type: 'RequestUpload', key, contentType: 'video/mp4', size: 10 });
    return ingestStartFor(key, 10)!;
  }
  const run = async (wf: AslWorkflows, start: NonNullable<ReturnType<typeof ingestStartFor>>, name = start.executionName) => {
    await wf.start(start.machine, name, start.input);
    return wf.waitFor(name);
  };
  const types = async (videoId: string) => (await events.readStream(videoStream(videoId))).map((e) => e.type);

  it('records upload, processing, coalesced progress and READY; a re-run of the finished ingest changes nothing', async () => {
    const transcoder = new ScriptedTranscoder();
    const wf = engine(transcoder);
    const start = await uploadedVideo('v1');
    expect((await run(wf, start)).status).toBe('SUCCEEDED');
    const stream = await events.readStream(videoStream('v1'));
    expect(stream.map((e) => e.type)).toEqual([
      'VideoCreated',
      'VideoUploadRequested',
      'VideoUploaded',
      'VideoProcessingStarted',
      ...Array(stream.filter((e) => e.type === 'VideoTranscodeProgressed').length).fill('VideoTranscodeProgressed'),
      'VideoReady',
    ]);
    const progress = stream.filter((e) => e.type === 'VideoTranscodeProgressed').map((e) => (e.data as { percent: number }).percent);
    // 0 is where PROCESSING starts; 3 and 21 are under the 5 % step; writes may coalesce, never reorder.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => [20, 50, 80, 100].includes(p))).toBe(true);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBe(100);
    expect(stream.at(-1)!.data).toMatchObject({ manifestKey: 'videos/v1/hls/master.m3u8', renditions: [{ name: '480p' }, { name: '360p' }] });

    const before = await events.readAll(0, 1000);
    expect((await run(wf, start, `${start.executionName}-again`)).status).toBe('SUCCEEDED');
    expect(await events.readAll(0, 1000)).toEqual(before);
    expect(transcoder.starts).toBe(1);
    expect(transcoder.jobs.size).toBe(1);
    expect(transcoder.probes).toBe(1);
  });

  it('polls the job through WaitForTranscode/CheckTranscode until COMPLETE, then publishes its result', async () => {
    const transcoder = new ScriptedTranscoder({ progress: [10, 40, 70] });
    const start = await uploadedVideo('v7');
    expect((await run(engine(transcoder), start)).status).toBe('SUCCEEDED');
    // Three RUNNING answers, then COMPLETE: four checks, each after a wait.
    expect(transcoder.checks).toBe(4);
    expect(await entered(start.executionName, 'CheckTranscode')).toBe(4);
    expect(await entered(start.executionName, 'WaitForTranscode')).toBe(4);
    expect(await entered(start.executionName, 'StartTranscode')).toBe(1);
    const stream = await events.readStream(videoStream('v7'));
    const progress = stream.filter((e) => e.type === 'VideoTranscodeProgressed').map((e) => (e.data as { percent: number }).percent);
    expect(progress).toEqual([10, 40, 70, 100]);
    expect(stream.at(-1)).toMatchObject({ type: 'VideoReady', data: { manifestKey: 'videos/v7/hls/master.m3u8', durationSeconds: 3 } });
  });

  it('waits the seconds StartTranscode returned between checks (Wait SecondsPath)', async () => {
    const transcoder = new ScriptedTranscoder({ progress: [50] });
    const start = await uploadedVideo('v8');
    const began = Date.now();
    expect((await run(engine(transcoder, { pollSeconds: 1, realWaits: true }), start)).status).toBe('SUCCEEDED');
    // Two checks, each behind a 1 s wait.
    expect(transcoder.checks).toBe(2);
    expect(Date.now() - began).toBeGreaterThanOrEqual(1900);
  });

  it('starts one execution per uploaded source', async () => {
    const wf = engine(new ScriptedTranscoder());
    const start = await uploadedVideo('v2');
    expect(await wf.start(start.machine, start.executionName, start.input)).toEqual({ started: true });
    expect(await wf.start(start.machine, start.executionName, start.input)).toEqual({ started: false });
    await wf.waitFor(start.executionName);
    expect((await types('v2')).filter((t) => t === 'VideoReady')).toHaveLength(1);
  });

  it('retries a transient failure to start or to check the job, still with one job', async () => {
    const transcoder = new ScriptedTranscoder({ failStarts: 1, failChecks: 2 });
    const start = await uploadedVideo('v3');
    expect((await run(engine(transcoder), start)).status).toBe('SUCCEEDED');
    expect(transcoder.starts).toBe(2);
    expect(transcoder.jobs.size).toBe(1);
    expect(await types('v3')).toContain('VideoReady');
  });

  it("ends FAILED with the job's reason when the transcode ends in ERROR, without checking again", async () => {
    const transcoder = new ScriptedTranscoder({ progress: [30], error: 'MediaConvert job j-1 failed: 1010 Bad input' });
    const start = await uploadedVideo('v10');
    expect((await run(engine(transcoder), start)).status).toBe('FAILED');
    expect(transcoder.checks).toBe(2);
    const last = (await events.readStream(videoStream('v10'))).at(-1)!;
    expect(last).toMatchObject({
      type: 'VideoFailed',
      data: { reason: 'transcoding failed (TranscodeError): MediaConvert job j-1 failed: 1010 Bad input' },
    });
    expect(await types('v10')).not.toContain('VideoReady');
  });

  it('marks the video FAILED with the reason when the source is not a video, without retrying', async () => {
    const transcoder = new ScriptedTranscoder({
      probe: () => {
        throw validation('not a video: videos/v4/source/u1 has no video stream (mp3)');
      },
    });
    const start = await uploadedVideo('v4');
    const execution = await run(engine(transcoder), start);
    expect(execution.status).toBe('FAILED');
    expect(transcoder.probes).toBe(1);
    const last = (await events.readStream(videoStream('v4'))).at(-1)!;
    expect(last).toMatchObject({ type: 'VideoFailed', data: { reason: 'not a video: videos/v4/source/u1 has no video stream (mp3)' } });
  });

  it('gives up after the retries with a transcoding failure reason', async () => {
    const start = await uploadedVideo('v5');
    const transcoder = new ScriptedTranscoder({ failStarts: 99 });
    expect((await run(engine(transcoder), start)).status).toBe('FAILED');
    expect(transcoder.starts).toBe(4);
    const last = (await events.readStream(videoStream('v5'))).at(-1)!;
    expect(last.type).toBe('VideoFailed');
    expect((last.data as { reason: string }).reason).toMatch(/^transcoding failed \(Error\): CreateJob throttled/);
  });

  it('ignores an object that was never a requested upload, changing nothing', async () => {
    const start = await uploadedVideo('v6');
    const rogue = ingestStartFor('videos/v6/source/forged', 10)!;
    const before = await types('v6');
    expect((await run(engine(new ScriptedTranscoder()), rogue)).status).toBe('FAILED');
    expect(await types('v6')).toEqual(before);
    expect(start.input.sourceKey).not.toBe(rogue.input.sourceKey);
  });

  it('a restart mid-transcode (new engine and ffmpeg transcoder on the same data) still ends READY with one package', async () => {
    const root = join(dir, 'blobs');
    const start = await uploadedVideo('r1');
    await mkdir(join(root, 'videos/r1/source'), { recursive: true });
    await generateClip(join(dir, 'clip.mp4'), '640x360', 4);
    await rename(join(dir, 'clip.mp4'), join(root, start.input.sourceKey));
    const local = (transcoder: FfmpegTranscoder) =>
      (workflows = new AslWorkflows({
        db,
        machines: { 'video-ingest': VIDEO_INGEST_ASL },
        tasks: ingestTasks({ commands, transcoder, pollSeconds: 1 }),
        retryIntervalMs: 1,
        waitTimeMs: 10,
      }));

    const before = new FfmpegTranscoder({ root });
    const first = local(before);
    await first.start(start.machine, start.executionName, start.input);
    while (before.running === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // The process dies mid-encode: executions stay RUNNING, ffmpeg is killed.
    await first.close({ drainTimeoutMs: 0 });
    before.close();
    expect((await first.describe(start.executionName))!.status).toBe('RUNNING');
    while (before.running > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await readdir(join(root, 'videos/r1'))).toEqual(['source']);

    const after = new FfmpegTranscoder({ root });
    const second = local(after);
    expect(await second.resumeUnfinished()).toEqual([start.executionName]);
    expect((await second.waitFor(start.executionName, { timeoutMs: 60_000 })).status).toBe('SUCCEEDED');
    expect((await types('r1')).filter((t) => t === 'VideoReady')).toHaveLength(1);
    expect(await readdir(join(root, 'videos/r1'))).toEqual(['hls', 'source']);
    expect(await readdir(join(root, 'videos/r1/hls'))).toContain('master.m3u8');
  }, 60_000);
});
