import type { Services } from '../../app/services';
import { toApiError, type ApiError } from '../../api/errors';
import type { Identity } from '../../api/identity';
import { resolvers as resolverMap } from '../../api/resolvers';
import type { ResolverMap } from '../../api/resolvers/types';
import { awsRuntime } from './lambda-runtime';

/** AppSync's identity for Cognito user pools (claims of the token the client sent). */
export interface AppSyncCognitoIdentity {
  readonly sub: string;
  readonly username: string;
  readonly groups?: readonly string[] | null;
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** AppSync's identity for IAM-signed calls. */
export interface AppSyncIamIdentity {
  readonly accountId: string;
  readonly userArn?: string;
}

/** What the resolver code sends (the same shape as a direct Lambda resolver's event). */
export interface AppSyncResolverEvent {
  readonly arguments?: Record<string, unknown> | null;
  /** null for API key (anonymous) calls. */
  readonly identity?: AppSyncCognitoIdentity | AppSyncIamIdentity | null;
  readonly source?: unknown;
  readonly info: { readonly parentTypeName: string; readonly fieldName: string };
}

/** The response code turns `error` into `util.error(message, errorType)`. */
export type AppSyncResolverResult = { readonly data: unknown } | { readonly error: ApiError };

const isCognito = (i: object): i is AppSyncCognitoIdentity => 'sub' in i && typeof i.sub === 'string';

function groupsOf(identity: AppSyncCognitoIdentity): string[] {
  if (Array.isArray(identity.groups)) return [...identity.groups];
  const claim = identity.claims?.['cognito:groups'];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim === 'string' && claim) return claim.split(',');
  return [];
}

/** AppSync's identity as the resolver map knows it. */
export function identityOf(identity: AppSyncResolverEvent['identity']): Identity {
  if (!identity) return { kind: 'anonymous' };
  if (isCognito(identity)) {
    const claimed = identity.claims?.username ?? identity.claims?.['cognito:username'];
    const username = identity.username || (typeof claimed === 'string' ? claimed : identity.sub);
    return { kind: 'user', sub: identity.sub, username, groups: groupsOf(identity) };
  }
  return { kind: 'iam' };
}

/** The one resolver map behind AppSync: every field resolver invokes this with its field name. */
export function appSyncResolverHandler(services: () => Services | Promise<Services>, resolvers: ResolverMap = resolverMap) {
  return async (event: AppSyncResolverEvent): Promise<AppSyncResolverResult> => {
    const key = `${event.info.parentTypeName}.${event.info.fieldName}`;
    const resolver = resolvers[key];
    if (!resolver) return { error: { errorType: 'InternalError', message: `no resolver for ${key}` } };
    try {
      const data = await resolver({
        args: event.arguments ?? {},
        identity: identityOf(event.identity),
        services: await services(),
      });
      return { data: data ?? null };
    } catch (error) {
      return { error: toApiError(error) };
    }
  };
}

export const handler = appSyncResolverHandler(() => awsRuntime().services);
