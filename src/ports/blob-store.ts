/**
 * Where uploaded files and produced media live (S3 in AWS, a directory locally), addressed by
 * key. Clients upload straight to the store with a signed, expiring URL; the store announces a
 * finished upload itself (S3 event in AWS, the local store's `onObjectCreated`), which starts
 * whatever the key is for (video ingest).
 */
export interface UploadUrlRequest {
  readonly key: string;
  /** The exact Content-Type the PUT must carry. */
  readonly contentType: string;
  /** The most bytes the PUT may carry (the S3 adapter signs exactly this Content-Length). */
  readonly maxBytes: number;
  readonly expiresAt: Date;
}

export interface BlobStore {
  /** A URL that accepts one HTTP PUT of the object until `expiresAt`. */
  createUploadUrl(request: UploadUrlRequest): Promise<string>;
  exists(key: string): Promise<boolean>;
  /** The object's bytes as a stream of chunks (never the whole object at once); undefined if there is none. */
  read(key: string): Promise<AsyncIterable<Uint8Array> | undefined>;
}

/** What a store reports when an upload has landed completely. */
export interface ObjectCreated {
  readonly key: string;
  readonly size: number;
  readonly contentType: string;
}
