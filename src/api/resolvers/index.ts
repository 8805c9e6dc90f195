import { catalogResolvers, catalogSubscriptionGuards } from './catalog';
import { catalogImportResolvers } from './catalog-import';
import { orderResolvers, orderSubscribeChecks, orderSubscriptionGuards } from './orders';
import { shipmentResolvers, shipmentSubscribeChecks, shipmentSubscriptionGuards } from './shipments';
import { videoResolvers, videoSubscriptionGuards } from './videos';
import type { ResolverMap, SubscribeChecks, SubscriptionGuards } from './types';

/** The one resolver map: the AppSync Lambda and the local server both dispatch through it. */
export const resolvers: ResolverMap = {
  ...videoResolvers,
  ...catalogResolvers,
  ...catalogImportResolvers,
  ...orderResolvers,
  ...shipmentResolvers,
};

export const subscriptionGuards: SubscriptionGuards = {
  ...videoSubscriptionGuards,
  ...catalogSubscriptionGuards,
  ...orderSubscriptionGuards,
  ...shipmentSubscriptionGuards,
};

export const subscribeChecks: SubscribeChecks = {
  ...orderSubscribeChecks,
  ...shipmentSubscribeChecks,
};
