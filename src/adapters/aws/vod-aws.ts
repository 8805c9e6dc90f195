import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { S3Client } from '@aws-sdk/client-s3';
import type { CommandHandler } from '../../app/command-handler';
import { ingestTasks } from '../../app/vod/ingest-tasks';
import { Videos } from '../../app/vod/videos';
import type { Clock } from '../../ports/clock';
import type { ReadStore } from '../../ports/read-store';
import type { TaskHandlers } from '../../ports/workflows';
import { CloudFrontMediaSigner } from './cloudfront-media-signer';
import { LambdaEnv } from './lambda-env';
import { MediaConvertTranscoder } from './mediaconvert-transcoder';
import { S3BlobStore } from './s3-blob-store';

export interface AwsVodDeps {
  readonly region: string;
  readonly env: NodeJS.ProcessEnv;
  readonly commands: CommandHandler;
  readonly read: ReadStore;
  readonly settled: (position: number) => Promise<void>;
  readonly clock: Clock;
  /** PEM of the CloudFront signing key (Secrets Manager in the stack). */
  readonly cloudFrontPrivateKey?: () => Promise<string>;
}

/** Video on demand on AWS: uploads bucket, MediaConvert, CloudFront signed URLs. */
export function createAwsVod(deps: AwsVodDeps): { videos: Videos; tasks: TaskHandlers } {
  const { env } = deps;
  const setting = (name: string) => env[name] ?? '';
  const uploadBucket = setting(LambdaEnv.uploadBucket);
  const blobs = new S3BlobStore({ client: new S3Client({ region: deps.region }), bucket: uploadBucket, clock: deps.clock });
  const signer = new CloudFrontMediaSigner({
    domain: setting(LambdaEnv.mediaDomain),
    keyPairId: setting(LambdaEnv.cloudFrontKeyPairId),
    privateKey:
      deps.cloudFrontPrivateKey ??
      (async () => {
        const pem = env.MARQUEE_CLOUDFRONT_PRIVATE_KEY;
        if (!pem) throw new Error('the CloudFront signing key is not configured');
        return pem;
      }),
  });
  const transcoder = new MediaConvertTranscoder({
    client: new MediaConvertClient({ region: deps.region }),
    bucket: uploadBucket,
    outputBucket: setting(LambdaEnv.mediaBucket),
    roleArn: setting(LambdaEnv.mediaConvertRoleArn),
  });
  const { commands, read, settled, clock } = deps;
  return {
    videos: new Videos({ commands, read, settled, blobs, signer, clock }),
    tasks: ingestTasks({ commands, transcoder }),
  };
}
