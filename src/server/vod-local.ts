import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandHandler } from '../app/command-handler';
import { ingestStartFor, VIDEO_INGEST_MACHINE } from '../app/vod/ingest-keys';
import { ingestTasks } from '../app/vod/ingest-tasks';
import { Videos } from '../app/vod/videos';
import { FfmpegTranscoder } from '../adapters/local/ffmpeg-transcoder';
import { FsBlobStore } from '../adapters/local/fs-blob-store';
import { HmacMediaSigner } from '../adapters/local/hmac-media-signer';
import type { Clock } from '../ports/clock';
import type { ReadStore } from '../ports/read-store';
import type { TaskHandlers, Workflows } from '../ports/workflows';
import type { Route } from './http-util';
import { mediaRoutes } from './routes/media';
import { uploadsRoute } from './routes/uploads';

export interface LocalVodDeps {
  readonly dataDir: string;
  readonly commands: CommandHandler;
  readonly read: ReadStore;
  readonly settled: (position: number) => Promise<void>;
  readonly clock: Clock;
  readonly uploadSecret: string;
  readonly mediaSecret: string;
  readonly transcodeConcurrency: number;
  /** This server's origin, known once it listens. */
  readonly baseUrl: () => string;
}

export interface LocalVod {
  readonly videos: Videos;
  readonly blobs: FsBlobStore;
  readonly transcoder: FfmpegTranscoder;
  readonly routes: Route[];
  /** ASL machine name -> file, and the task handlers its placeholders name. */
  readonly machines: Readonly<Record<string, string>>;
  readonly tasks: TaskHandlers;
  /** From now on a finished upload starts its ingest execution. */
  connect(workflows: Workflows): void;
}

export const LOCAL_TRANSCODE_POLL_SECONDS = 1;

export const VIDEO_INGEST_ASL = fileURLToPath(new URL('../../state-machines/video-ingest.asl.json', import.meta.url));

/** Video on demand on the embedded runtime: files under <dataDir>/blobs, ffmpeg, HMAC-signed URLs. */
export function createLocalVod(deps: LocalVodDeps): LocalVod {
  const root = join(deps.dataDir, 'blobs');
  const blobs = new FsBlobStore({ root, secret: deps.uploadSecret, baseUrl: deps.baseUrl, clock: deps.clock });
  const signer = new HmacMediaSigner({ secret: deps.mediaSecret, baseUrl: deps.baseUrl, clock: deps.clock });
  const transcoder = new FfmpegTranscoder({ root, maxConcurrent: deps.transcodeConcurrency });
  const videos = new Videos({ commands: deps.commands, read: deps.read, settled: deps.settled, blobs, signer, clock: deps.clock });
  return {
    videos,
    blobs,
    transcoder,
    routes: [uploadsRoute(blobs), ...mediaRoutes(blobs, signer)],
    machines: { [VIDEO_INGEST_MACHINE]: VIDEO_INGEST_ASL },
    // ffmpeg runs in this process, so the ingest machine can look in on it every second.
    tasks: ingestTasks({ commands: deps.commands, transcoder, pollSeconds: LOCAL_TRANSCODE_POLL_SECONDS }),
    connect(workflows) {
      blobs.onObjectCreated(async ({ key, size }) => {
        const start = ingestStartFor(key, size);
        if (start) await workflows.start(start.machine, start.executionName, start.input);
      });
    },
  };
}
