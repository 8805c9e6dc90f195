/**
 * Short-lived signed URLs for produced media (CloudFront signed URLs in AWS, HMAC tokens checked
 * by the local /media route). A grant covers every key under `scopePrefix` until `expiresAt`, so a
 * player can follow the master playlist to rendition playlists and segments by relative URL.
 */
export interface MediaGrant {
  /** The key the URL points at (e.g. the master playlist); must lie under `scopePrefix`. */
  readonly key: string;
  /** Every key that starts with this may be read with the same grant. */
  readonly scopePrefix: string;
  readonly expiresAt: Date;
}

export interface MediaSigner {
  signedUrl(grant: MediaGrant): Promise<string>;
}
