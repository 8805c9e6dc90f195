import type { Services } from '../../app/services';
import type { Identity } from '../identity';

export interface ResolverContext<Args = Record<string, unknown>> {
  readonly args: Args;
  readonly identity: Identity;
  readonly services: Services;
}

// Args are shaped and type-checked by GraphQL (graphql-js locally, AppSync in AWS)
// before a resolver runs; content rules live in the domain.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resolver<Args = any> = (ctx: ResolverContext<Args>) => Promise<unknown>;

/** "Type.field" -> resolver: the one map both runtimes serve. */
export type ResolverMap = Readonly<Record<string, Resolver>>;

/**
 * Who may receive a published payload on a subscription field, beyond the
 * argument filter every subscription gets (e.g. drafts only for STAFF).
 */
export type SubscriptionGuard = (payload: Record<string, unknown>, identity: Identity) => boolean;
export type SubscriptionGuards = Readonly<Record<string, SubscriptionGuard>>;

/** Checked when a client subscribes: may this identity subscribe with these args? */
export type SubscribeCheck = (args: Record<string, unknown>, identity: Identity) => void;
export type SubscribeChecks = Readonly<Record<string, SubscribeCheck>>;
