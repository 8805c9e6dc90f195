import { isDomainError, validation } from '../../domain/errors';
import { videoDecider, videoStream, type VideoPackage } from '../../domain/video';
import type { TranscodeJob, Transcoder, TranscodeSettings, TranscodeStatus } from '../../ports/transcoder';
import type { TaskHandlers } from '../../ports/workflows';
import type { CommandHandler } from '../command-handler';
import { videoOutputPrefix } from './ingest-keys';
import { progressToRecord } from './progress-recorder';
import { buildTranscodeSettings } from './transcode-settings';

export interface IngestTaskDeps {
  readonly commands: CommandHandler;
  readonly transcoder: Transcoder;
  /** Seconds the workflow waits between checks of a running transcode (AWS 15, locally 1). */
  readonly pollSeconds?: number;
}

export const DEFAULT_POLL_SECONDS = 15;

/** The execution state of `state-machines/video-ingest.asl.json` as the tasks see it. */
interface IngestState {
  readonly videoId: string;
  readonly sourceKey: string;
  readonly size?: number | null;
  readonly plan?: { readonly settings: TranscodeSettings };
  readonly job?: { readonly jobId: string; readonly pollSeconds: number };
  readonly transcode?: TranscodeStatus;
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

const ACTOR = { actor: 'system:video-ingest' };

function ingestState(input: unknown): IngestState {
  const state = input as Partial<IngestState> | null;
  if (!state || typeof state.videoId !== 'string' || typeof state.sourceKey !== 'string')
    throw validation('ingest input needs videoId and sourceKey');
  return state as IngestState;
}

function transcodeJob({ videoId, sourceKey, plan }: IngestState): TranscodeJob {
  if (!plan) throw validation('transcode needs the probe plan');
  return { videoId, sourceKey, outputPrefix: videoOutputPrefix(videoId), settings: plan.settings };
}

/** Step Functions reports a Lambda failure's Cause as JSON ({ errorMessage, ... }); the local engine as text. */
function causeMessage(cause: string | undefined): string {
  const text = (cause ?? '').trim();
  if (!text.startsWith('{')) return text;
  try {
    const parsed = JSON.parse(text) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : text;
  } catch {
    return text;
  }
}

/** What the video's reason says for a failed ingest: the probe's own words for a bad file. */
export function failureReasonOf(error: IngestState['error']): string {
  const name = error?.Error ?? 'Error';
  const cause = causeMessage(error?.Cause) || 'no details';
  if (name === 'ValidationError' || name === 'NotFound') return cause;
  return `transcoding failed (${name}): ${cause}`;
}

/**
 * The ingest workflow's tasks, keyed by their resource placeholders. Each one checks the video's
 * stream before acting, so running a finished ingest again changes nothing.
 */
export function ingestTasks(deps: IngestTaskDeps): TaskHandlers {
  const { commands, transcoder } = deps;
  const pollSeconds = deps.pollSeconds ?? DEFAULT_POLL_SECONDS;
  const video = (videoId: string) => commands.load(videoDecider, videoStream(videoId));

  /** Progress is a courtesy to the CMS: a failed write is logged, never fails the check. */
  const recordProgress = async ({ videoId, sourceKey }: IngestState, percent: number) => {
    try {
      const { state } = await video(videoId);
      if (state.sourceKey !== sourceKey || state.status !== 'PROCESSING') return;
      const next = progressToRecord(state.progress, percent);
      if (next === undefined) return;
      await commands.handle(videoDecider, videoStream(videoId), { type: 'RecordProgress', sourceKey, percent: next }, ACTOR);
    } catch (error) {
      console.error('video ingest: could not record progress', error);
    }
  };

  return {
    RecordVideoUploadFunctionArn: async (input) => {
      const { videoId, sourceKey, size } = ingestState(input);
      const before = await video(videoId);
      if (before.state.sourceKey === sourceKey && before.state.status === 'READY') return { alreadyReady: true };
      await commands.handle(
        videoDecider,
        videoStream(videoId),
        { type: 'RecordUpload', sourceKey, size: size ?? 0 },
        { ...ACTOR, idempotencyKey: `upload:${sourceKey}` },
      );
      return { alreadyReady: false };
    },

    ProbeVideoFunctionArn: async (input) => {
      const { videoId, sourceKey } = ingestState(input);
      const settings = buildTranscodeSettings(await transcoder.probe(sourceKey));
      await commands.handle(
        videoDecider,
        videoStream(videoId),
        { type: 'StartProcessing', sourceKey, renditions: settings.renditions.map((r) => r.name) },
        ACTOR,
      );
      return { settings };
    },

    StartVideoTranscodeFunctionArn: async (input) => {
      const { jobId } = await transcoder.start(transcodeJob(ingestState(input)));
      return { jobId, pollSeconds };
    },

    CheckVideoTranscodeFunctionArn: async (input) => {
      const state = ingestState(input);
      if (!state.job) throw validation('check needs the started job');
      const status = await transcoder.check(state.job.jobId, transcodeJob(state));
      if (status.status !== 'ERROR') await recordProgress(state, status.percent);
      return status;
    },

    MarkVideoReadyFunctionArn: async (input) => {
      const { videoId, sourceKey, transcode } = ingestState(input);
      const result = transcode?.status === 'COMPLETE' ? transcode.result : undefined;
      if (!result) throw validation('publish needs the transcode result');
      const pkg: VideoPackage = {
        outputPrefix: result.outputPrefix,
        manifestKey: `${result.outputPrefix}${result.masterKey}`,
        thumbnailKey: `${result.outputPrefix}${result.thumbnailKey}`,
        renditions: result.renditions.map(({ name, width, height, bitrate }) => ({ name, width, height, bitrate })),
        durationSeconds: result.durationSeconds,
      };
      await commands.handle(videoDecider, videoStream(videoId), { type: 'MarkReady', sourceKey, package: pkg }, ACTOR);
      return { status: 'READY' };
    },

    MarkVideoFailedFunctionArn: async (input) => {
      const { videoId, sourceKey, error } = ingestState(input);
      try {
        await commands.handle(
          videoDecider,
          videoStream(videoId),
          { type: 'MarkFailed', sourceKey, reason: failureReasonOf(error) },
          ACTOR,
        );
      } catch (failure) {
        // A video that no longer exists has nothing to mark; anything else is retried by the machine.
        if (!(isDomainError(failure) && failure.errorType === 'NotFound')) throw failure;
      }
      return { status: 'FAILED', reason: failureReasonOf(error) };
    },
  };
}
