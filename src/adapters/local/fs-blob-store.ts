import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, link, mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { systemClock, type Clock } from '../../ports/clock';
import type { BlobStore, ObjectCreated, UploadUrlRequest } from '../../ports/blob-store';
import { fileOfKey } from './blob-keys';
import { hmacBase64Url, signatureMatches } from './hmac';

export interface FsBlobStoreOptions {
  /** Directory the keys live under (shared with the ffmpeg transcoder and the /media route). */
  readonly root: string;
  /** HMAC key of upload URLs (uploadSecret of src/server/secrets.ts). */
  readonly secret: string;
  /** Absolute origin of this server, known once it listens. */
  readonly baseUrl: () => string;
  readonly clock?: Clock;
}

/** Why an upload was refused, with the HTTP status the route answers. */
export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';
  constructor(
    readonly status: 400 | 403 | 409 | 411 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedUpload {
  readonly key: string;
  readonly contentType: string;
  readonly maxBytes: number;
}

type Listener = (object: ObjectCreated) => Promise<void>;

export const UPLOADS_PATH = '/uploads/';

const stringToSign = (key: string, contentType: string, maxBytes: number, expiresSeconds: number) =>
  `PUT\n${key}\n${contentType}\n${maxBytes}\n${expiresSeconds}`;

/**
 * The local BlobStore: files under `root`. Upload URLs are `PUT /uploads/<key>?ct&max&exp&sig`
 * signed with HMAC; `receive` streams a body to a temporary file while counting bytes, and only a
 * complete, in-limit body becomes the object (hard link: an existing key is never overwritten).
 */
export class FsBlobStore implements BlobStore {
  private readonly listeners: Listener[] = [];
  private readonly clock: Clock;

  constructor(private readonly options: FsBlobStoreOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async createUploadUrl({ key, contentType, maxBytes, expiresAt }: UploadUrlRequest): Promise<string> {
    if (!fileOfKey(this.options.root, key)) throw new Error(`unsafe blob key ${key}`);
    const exp = Math.floor(expiresAt.getTime() / 1000);
    const sig = hmacBase64Url(this.options.secret, stringToSign(key, contentType, maxBytes, exp));
    const query = new URLSearchParams({ ct: contentType, max: String(maxBytes), exp: String(exp), sig });
    return `${this.options.baseUrl()}${UPLOADS_PATH}${key}?${query}`;
  }

  async exists(key: string): Promise<boolean> {
    const file = fileOfKey(this.options.root, key);
    if (!file) return false;
    return access(file).then(
      () => true,
      () => false,
    );
  }

  async read(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    if (!(await this.exists(key))) return undefined;
    return createReadStream(fileOfKey(this.options.root, key)!);
  }

  /** The file behind a key (undefined for unsafe keys). */
  fileOf(key: string): string | undefined {
    return fileOfKey(this.options.root, key);
  }

  /** Called (and awaited) after each completed upload, before the uploader hears "200". */
  onObjectCreated(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Checks an upload URL's signature, expiry and the request's Content-Type / Content-Length. */
  verifyUpload(key: string, query: URLSearchParams, headers: { contentType?: string; contentLength?: string }): VerifiedUpload {
    const [ct, max, exp, sig] = ['ct', 'max', 'exp', 'sig'].map((name) => query.get(name) ?? '');
    const maxBytes = Number(max);
    const expires = Number(exp);
    if (!fileOfKey(this.options.root, key) || !ct || !sig || !Number.isSafeInteger(maxBytes) || !Number.isSafeInteger(expires))
      throw new UploadRefused(403, 'this is not a valid upload URL');
    if (!signatureMatches(this.options.secret, stringToSign(key, ct, maxBytes, expires), sig))
      throw new UploadRefused(403, 'the upload URL signature does not match');
    if (expires * 1000 <= this.clock.now().getTime()) throw new UploadRefused(403, 'the upload URL has expired');
    const sent = (headers.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (sent !== ct) throw new UploadRefused(415, `Content-Type must be ${ct} (as signed), not "${sent || 'none'}"`);
    if (headers.contentLength !== undefined && Number(headers.contentLength) > maxBytes)
      throw new UploadRefused(413, `the body is larger than the ${maxBytes} bytes this URL allows`);
    return { key, contentType: ct, maxBytes };
  }

  /**
   * Streams `body` into the object. Over `maxBytes`, an aborted body or an existing key leaves
   * nothing behind (the partial file is deleted) and rejects with UploadRefused or the stream error.
   */
  async receive(upload: VerifiedUpload, body: Readable): Promise<ObjectCreated> {
    const file = fileOfKey(this.options.root, upload.key)!;
    if (await this.exists(upload.key)) throw new UploadRefused(409, 'this upload has already been received');
    await mkdir(dirname(file), { recursive: true });
    const partial = `${file}.part-${randomUUID()}`;
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > upload.maxBytes)
          done(new UploadRefused(413, `the body is larger than the ${upload.maxBytes} bytes this URL allows`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(partial, { flags: 'wx' }));
      if ((await stat(partial)).size !== size) throw new Error('the upload was not fully written');
      await link(partial, file).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new UploadRefused(409, 'this upload has already been received') : error;
      });
    } finally {
      await rm(partial, { force: true });
    }
    const created: ObjectCreated = { key: upload.key, size, contentType: upload.contentType };
    for (const listener of this.listeners) await listener(created);
    return created;
  }
}
