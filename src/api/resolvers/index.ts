import { catalogResolvers, catalogSubscriptionGuards } from './catalog';
import type { ResolverMap, SubscribeChecks, SubscriptionGuards } from './types';

/** The one resolver map: the AppSync Lambda and the local server both dispatch through it. */
export const resolvers: ResolverMap = {
  ...catalogResolvers,
};

export const subscriptionGuards: SubscriptionGuards = {
  ...catalogSubscriptionGuards,
};

export const subscribeChecks: SubscribeChecks = {};
