import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { validation } from '../../domain/errors';
import type { MediaGrant, MediaSigner } from '../../ports/media-signer';

export interface CloudFrontMediaSignerOptions {
  /** The distribution's domain, e.g. `d111111abcdef8.cloudfront.net`. */
  readonly domain: string;
  /** The id of the public key in the distribution's trusted key group. */
  readonly keyPairId: string;
  /** PEM of the private key (read from Secrets Manager once per container). */
  readonly privateKey: () => Promise<string>;
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/**
 * MediaSigner on CloudFront: a custom-policy signed URL whose resource is `<scopePrefix>*`, so the
 * same Policy/Signature/Key-Pair-Id query also authorises the rendition playlists and segments. CloudFront
 * does not carry the query to relative URLs by itself: the player appends it to each request.
 */
export class CloudFrontMediaSigner implements MediaSigner {
  private key?: Promise<string>;

  constructor(private readonly options: CloudFrontMediaSignerOptions) {}

  async signedUrl(grant: MediaGrant): Promise<string> {
    if (!grant.key.startsWith(grant.scopePrefix)) throw validation(`${grant.key} is not under ${grant.scopePrefix}`);
    const base = `https://${this.options.domain}/`;
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: `${base}${encodeKey(grant.scopePrefix)}*`,
          Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(grant.expiresAt.getTime() / 1000) } },
        },
      ],
    });
    this.key ??= this.options.privateKey();
    return getSignedUrl({
      url: `${base}${encodeKey(grant.key)}`,
      keyPairId: this.options.keyPairId,
      privateKey: await this.key,
      policy,
    });
  }
}
