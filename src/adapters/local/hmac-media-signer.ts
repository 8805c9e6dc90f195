import { systemClock, type Clock } from '../../ports/clock';
import type { MediaGrant, MediaSigner } from '../../ports/media-signer';
import { isSafeKey } from './blob-keys';
import { hmacBase64Url, signatureMatches } from './hmac';

export const MEDIA_PATH = '/media/';

export interface HmacMediaSignerOptions {
  /** mediaSecret of src/server/secrets.ts. */
  readonly secret: string;
  readonly baseUrl: () => string;
  readonly clock?: Clock;
}

export type MediaTokenCheck = { ok: true; key: string } | { ok: false; reason: string };

/**
 * Local signed media URLs: `/media/<token>/<key>`, where the token carries the scope prefix and
 * expiry and an HMAC over both. The token is a path segment, not a query string, so the relative
 * URLs inside HLS playlists (rendition playlists, segments) inherit it.
 */
export class HmacMediaSigner implements MediaSigner {
  private readonly clock: Clock;

  constructor(private readonly options: HmacMediaSignerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async signedUrl({ key, scopePrefix, expiresAt }: MediaGrant): Promise<string> {
    if (!key.startsWith(scopePrefix) || !isSafeKey(key)) throw new Error(`${key} is not under ${scopePrefix}`);
    return `${this.options.baseUrl()}${MEDIA_PATH}${this.token(scopePrefix, expiresAt)}/${key}`;
  }

  token(scopePrefix: string, expiresAt: Date): string {
    const claims = Buffer.from(JSON.stringify({ p: scopePrefix, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
    return `${claims}.${hmacBase64Url(this.options.secret, claims)}`;
  }

  /** Checks the token of `/media/<token>/<key>` for this key, now. */
  check(token: string, key: string): MediaTokenCheck {
    const [claims, sig, extra] = token.split('.');
    if (!claims || !sig || extra !== undefined) return { ok: false, reason: 'malformed token' };
    if (!signatureMatches(this.options.secret, claims, sig)) return { ok: false, reason: 'bad signature' };
    let scope: unknown;
    let expires: unknown;
    try {
      ({ p: scope, e: expires } = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { p?: unknown; e?: unknown });
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    if (typeof scope !== 'string' || typeof expires !== 'number') return { ok: false, reason: 'malformed token' };
    if (expires * 1000 <= this.clock.now().getTime()) return { ok: false, reason: 'token expired' };
    if (!isSafeKey(key) || !key.startsWith(scope)) return { ok: false, reason: 'not covered by this token' };
    return { ok: true, key };
  }
}
