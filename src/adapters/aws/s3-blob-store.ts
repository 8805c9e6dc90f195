import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, UploadUrlRequest } from '../../ports/blob-store';
import { systemClock, type Clock } from '../../ports/clock';

export interface S3BlobStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly clock?: Clock;
}

/** SigV4 query-string presigning allows at most seven days. */
const MAX_EXPIRY_SECONDS = 7 * 24 * 3600;

/**
 * The BlobStore on S3: uploads are presigned PUTs that sign Content-Type and Content-Length, so S3
 * itself rejects another type or size. S3 announces the finished upload (EventBridge), not this class.
 */
export class S3BlobStore implements BlobStore {
  private readonly clock: Clock;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async createUploadUrl(request: UploadUrlRequest): Promise<string> {
    const seconds = Math.ceil((request.expiresAt.getTime() - this.clock.now().getTime()) / 1000);
    const expiresIn = Math.min(MAX_EXPIRY_SECONDS, Math.max(1, seconds));
    const command = new PutObjectCommand({
      Bucket: this.options.bucket,
      Key: request.key,
      ContentType: request.contentType,
      ContentLength: request.maxBytes,
    });
    return getSignedUrl(this.options.client, command, {
      expiresIn,
      signingDate: this.clock.now(),
      signableHeaders: new Set(['content-type', 'content-length']),
    });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.options.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return false;
      throw error;
    }
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    try {
      const object = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      // In Node the SDK's body is a Readable, which is an async iterable of Buffers.
      return object.Body as AsyncIterable<Uint8Array> | undefined;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NotFound' || name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
