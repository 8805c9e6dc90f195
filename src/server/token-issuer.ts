import { createHash } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK, type JSONWebKeySet } from 'jose';
import { DomainError } from '../domain/errors';
import type { Identity } from '../api/identity';

export const LOCAL_USER_POOL_ID = 'local-1_marquee';
export const LOCAL_CLIENT_ID = 'marquee-local-client';
const ISSUER = `https://cognito-idp.local-1.amazonaws.com/${LOCAL_USER_POOL_ID}`;
const TOKEN_TTL_SECONDS = 3600;
const GROUPS = new Set(['STAFF', 'WAREHOUSE']);

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
 */
export class TokenIssuer {
  private readonly jwks: JSONWebKeySet;
  private readonly verifyKeys;

  constructor(private readonly signingJwk: JWK & { kid: string }) {
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
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ ...common, ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: this.signingJwk.kid })
        .setSubject(sub)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_TTL_SECONDS}s`)
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
    try {
      const { payload } = await jwtVerify(token, this.verifyKeys, { issuer: ISSUER });
      const groups = payload['cognito:groups'];
      const username = payload.username ?? payload['cognito:username'];
      if (typeof payload.sub !== 'string' || typeof username !== 'string') throw new Error('missing claims');
      return {
        kind: 'user',
        sub: payload.sub,
        username,
        groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
      };
    } catch (error) {
      const expired = error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
      throw new DomainError('Unauthorized', expired ? 'Token expired: sign in again' : 'invalid token');
    }
  }
}
