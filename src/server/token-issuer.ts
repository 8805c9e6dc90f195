import { createHash } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK, type JSONWebKeySet } from 'jose';
import { DomainError } from '../domain/errors';
import type { Identity } from '../api/identity';
import { systemClock, type Clock } from '../ports/clock';

export const LOCAL_USER_POOL_ID = 'local-1_marquee';
export const LOCAL_CLIENT_ID = 'marquee-local-client';
const ISSUER = `https://cognito-idp.local-1.amazonaws.com/${LOCAL_USER_POOL_ID}`;
const TOKEN_TTL_SECONDS = 3600;
const GROUPS = new Set(['STAFF', 'WAREHOUSE']);
/** Tokens whose signature was checked, kept until they expire (an ES256 check costs ~0.1 ms a request). */
const VERIFIED_MAX = 4_096;

interface Verified {
  readonly identity: Identity;
  /** The token's `exp`, in seconds since the epoch. */
  readonly exp: number;
}

export const DEMO_USERS = [
  { username: 'alice', groups: [] as string[], role: 'SHOPPER' },
  { username: 'sam', groups: ['STAFF'], role: 'STAFF' },
  { username: 'wendy', groups: ['WAREHOUSE'], role: 'WAREHOUSE' },
] as const;

/** A stable UUID-shaped `sub` per username, so alice is the same customer after a restart. */
export function subFor(username: string): string {
  const h = createHash('sha256').update(`marquee-user:${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The local stand-in for Cognito: signs access and id tokens with Cognito's claims
 * (`sub`, `username`, `cognito:groups`, `token_use`) and verifies them against its JWKS.
 * A token is checked once: its claims are remembered (by the whole token, signature included)
 * until it expires, since its signing key never changes while the issuer lives.
 */
export class TokenIssuer {
  private readonly jwks: JSONWebKeySet;
  private readonly verifyKeys;
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly signingJwk: JWK & { kid: string },
    private readonly clock: Clock = systemClock,
  ) {
    const { d: _private, ...publicJwk } = signingJwk;
    this.jwks = { keys: [publicJwk] };
    this.verifyKeys = createLocalJWKSet(this.jwks);
  }

  publicJwks(): JSONWebKeySet {
    return this.jwks;
  }

  async issue(username: string, groups: readonly string[]) {
    if (!/^[a-zA-Z0-9._@-]{1,64}$/.test(username))
      throw new DomainError('ValidationError', 'username must be 1-64 letters, digits or ._@-');
    const unknown = groups.filter((g) => !GROUPS.has(g));
    if (unknown.length) throw new DomainError('ValidationError', `unknown group(s): ${unknown.join(', ')}`);
    const key = await importJWK(this.signingJwk, 'ES256');
    const sub = subFor(username);
    const common = { username, 'cognito:groups': [...groups] };
    const issuedAt = this.clock.now();
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ ...common, ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: this.signingJwk.kid })
        .setSubject(sub)
        .setIssuer(ISSUER)
        .setIssuedAt(issuedAt)
        .setExpirationTime(new Date(issuedAt.getTime() + TOKEN_TTL_SECONDS * 1000))
        .sign(key);
    return {
      accessToken: await sign({ token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: 'aws.cognito.signin.user.admin' }),
      idToken: await sign({ token_use: 'id', aud: LOCAL_CLIENT_ID, 'cognito:username': username }),
      expiresIn: TOKEN_TTL_SECONDS,
    };
  }

  /** A verified caller, or Unauthorized. Accepts `Bearer <jwt>` or the bare token, as AppSync does. */
  async verify(authorization: string): Promise<Identity> {
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    const now = this.clock.now();
    const known = this.verified.get(token);
    if (known) {
      if (now.getTime() < known.exp * 1000) return known.identity;
      this.verified.delete(token);
      throw expiredToken();
    }
    try {
      const { payload } = await jwtVerify(token, this.verifyKeys, { issuer: ISSUER, currentDate: now });
      const groups = payload['cognito:groups'];
      const username = payload.username ?? payload['cognito:username'];
      if (typeof payload.sub !== 'string' || typeof username !== 'string' || typeof payload.exp !== 'number')
        throw new Error('missing claims');
      const identity: Identity = {
        kind: 'user',
        sub: payload.sub,
        username,
        groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
      };
      this.remember(token, { identity, exp: payload.exp });
      return identity;
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED') throw expiredToken();
      throw new DomainError('Unauthorized', 'invalid token');
    }
  }

  private remember(token: string, verified: Verified): void {
    // Oldest first: a Map iterates in insertion order.
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, verified);
  }
}

const expiredToken = () => new DomainError('Unauthorized', 'Token expired: sign in again');
