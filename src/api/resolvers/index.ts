import { catalogResolvers, catalogSubscriptionGuards } from './catalog';
import { shipmentResolvers, shipmentSubscribeChecks, shipmentSubscriptionGuards } from './shipments';
import type { ResolverMap, SubscribeChecks, SubscriptionGuards } from './types';

/** The one resolver map: the AppSync Lambda and the local server both dispatch through it. */
export const resolvers: ResolverMap = {
  ...catalogResolvers,
  ...shipmentResolvers,
};

export const subscriptionGuards: SubscriptionGuards = {
  ...catalogSubscriptionGuards,
  ...shipmentSubscriptionGuards,
};

export const subscribeChecks: SubscribeChecks = {
  ...shipmentSubscribeChecks,
};
