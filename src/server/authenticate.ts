import { DomainError } from '../domain/errors';
import type { Identity } from '../api/identity';
import type { TokenIssuer } from './token-issuer';
import type { AuthMode } from './schema';

export interface Credentials {
  readonly authorization?: string;
  readonly apiKey?: string;
}

/** AppSync's request authentication: a valid user-pool token, or the API key for anonymous reads. */
export async function authenticate(creds: Credentials, issuer: TokenIssuer, apiKey: string): Promise<Identity> {
  if (creds.authorization) return issuer.verify(creds.authorization);
  if (creds.apiKey) {
    if (creds.apiKey !== apiKey) throw new DomainError('Unauthorized', 'invalid API key');
    return { kind: 'anonymous' };
  }
  throw new DomainError('Unauthorized', 'missing credentials: send Authorization or x-api-key');
}

export const modeOf = (identity: Identity): AuthMode =>
  identity.kind === 'user' ? 'userPool' : identity.kind === 'iam' ? 'iam' : 'apiKey';
